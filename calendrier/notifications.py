"""E-mails of the calendar: reminders before an event, a freed place, a cancelled event.

Each message is a subject / text / HTML template triple under `templates/calendrier/emails/`.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from calendrier.enums import MessageKind


def _send(template_prefix: str, registration, **extra) -> None:
    context = {
        "user": registration.user,
        "event": registration.event,
        "event_url": f"{settings.SITE_URL}{registration.event.get_absolute_url()}",
        "site_url": settings.SITE_URL,
        **extra,
    }
    subject = render_to_string(f"calendrier/emails/{template_prefix}_subject.txt", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=render_to_string(f"calendrier/emails/{template_prefix}_body.txt", context),
        to=[registration.user.email],
    )
    message.attach_alternative(
        render_to_string(f"calendrier/emails/{template_prefix}_body.html", context), "text/html"
    )
    message.send()


def send_reminder(registration, kind: MessageKind) -> None:
    _send("reminder", registration, tomorrow=kind == MessageKind.REMINDER_1_DAY)


def send_promotion(registration) -> None:
    """The person on the waiting list now has a place."""
    _send("promotion", registration)


def send_cancellation(registration) -> None:
    _send("cancellation", registration)

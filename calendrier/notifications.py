"""E-mails of the calendar: reminders before an event, a freed place, a cancelled event.

Each message is a subject / text / HTML template triple under `templates/calendrier/emails/`, sent
through `extranet.emails` once the transaction commits.
"""

from calendrier.enums import MessageKind
from extranet.emails import absolute_url, build_email, send_after_commit


def _send(template_prefix: str, registration, **extra) -> None:
    context = {
        "user": registration.user,
        "event": registration.event,
        "event_url": absolute_url(registration.event.get_absolute_url()),
        **extra,
    }
    send_after_commit(
        lambda: [build_email(f"calendrier/emails/{template_prefix}", context, registration.user.email)],
        f"calendar {template_prefix} for registration {registration.pk}",
    )


def send_reminder(registration, kind: MessageKind) -> None:
    _send("reminder", registration, tomorrow=kind == MessageKind.REMINDER_1_DAY)


def send_promotion(registration) -> None:
    """The person on the waiting list now has a place."""
    _send("promotion", registration)


def send_cancellation(registration) -> None:
    _send("cancellation", registration)

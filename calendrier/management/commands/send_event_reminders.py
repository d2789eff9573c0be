"""E-mail registrants 7 days and 1 day before an event. Safe to run every hour (cron).

Each reminder is recorded (`SentMessage`, unique per event, person and kind) in the transaction that
writes it to the outbox, so a second run — or two runs at once — never sends it again. When the mail
server refuses it, the outbox tries again (extranet/emails.py).
"""

import datetime as dt

from django.core.management.base import BaseCommand
from django.db import IntegrityError, transaction
from django.utils import timezone

from calendrier.enums import MessageKind
from calendrier.models import Event, Registration, SentMessage
from calendrier.notifications import send_reminder

# Each reminder is due once the event is this close (and until it starts).
LEAD_TIMES = {
    MessageKind.REMINDER_7_DAYS: dt.timedelta(days=7),
    MessageKind.REMINDER_1_DAY: dt.timedelta(days=1),
}


def due_reminders(now: dt.datetime) -> list[tuple[Registration, MessageKind]]:
    today = timezone.localdate(now)
    events = Event.objects.filter(is_cancelled=False).between(today, today + dt.timedelta(days=8))
    registrations = (
        Registration.objects.confirmed()
        .filter(event__in=events)
        .select_related("event__structure", "event__commune", "user")
        .exclude(user__is_active=False)
        .exclude(user__calendar_preference__reminders=False)
    )
    already_sent = set(
        SentMessage.objects.filter(event__in=events).values_list("event_id", "user_id", "kind")
    )
    due = []
    for registration in registrations:
        start = registration.event.start
        if start <= now:
            continue
        # The closest reminder only: a person registered 3 days before gets the 1-day one, not both.
        for kind, lead in sorted(LEAD_TIMES.items(), key=lambda item: item[1]):
            if start - lead <= now:
                if (registration.event_id, registration.user_id, kind) not in already_sent and (
                    kind != MessageKind.REMINDER_7_DAYS or registration.created_at < start - lead
                ):
                    due.append((registration, kind))
                break
    return due


class Command(BaseCommand):
    help = "Envoie les rappels d'événements (7 jours et 1 jour avant) ; sans risque d'envoi en double."

    def handle(self, *args, **options):
        sent = 0
        for registration, kind in due_reminders(timezone.now()):
            try:
                with transaction.atomic():
                    SentMessage.objects.create(event=registration.event, user=registration.user, kind=kind)
                    send_reminder(registration, kind)
            except IntegrityError:  # another run sent it in the meantime
                continue
            sent += 1
        self.stdout.write(f"{sent} rappel(s) envoyé(s).")

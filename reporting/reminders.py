"""Reminders to the structures whose quarterly report is not submitted.

The first goes 10 days after the quarter ends, then one every 7 days, 3 at most, to the people who
speak for the structure (its own e-mail address when nobody is attached to it yet). Each is recorded
in `ReportReminder` in the transaction that writes the e-mail to the outbox (which tries again if the
mail server refuses it), so the command is safe to run every day: a day's second run sends nothing.
"""

import datetime as dt

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from annuaire import affiliations
from annuaire.models import Structure
from extranet.emails import absolute_url, build_email, send_after_commit
from reporting.models import QuarterlyReport, ReportReminder
from reporting.quarters import Quarter

FIRST_AFTER_DAYS = 10
EVERY_DAYS = 7
AT_MOST = 3


def quarter_to_remind(today: dt.date) -> Quarter | None:
    """The quarter just ended, once its reports are late (10 days after its end)."""
    quarter = Quarter.of(today).previous()
    if today < quarter.last_day + dt.timedelta(days=FIRST_AFTER_DAYS):
        return None
    return quarter


def late_structures(quarter: Quarter):
    """Structures open to the public without a submitted report for `quarter`."""
    submitted = QuarterlyReport.objects.for_quarter(quarter).submitted().values("structure_id")
    return Structure.objects.open_to_public().exclude(pk__in=submitted).order_by("name")


def due(now: dt.datetime | None = None) -> list[tuple[Structure, Quarter]]:
    now = now or timezone.now()
    quarter = quarter_to_remind(timezone.localdate(now))
    if quarter is None:
        return []
    sent = {
        reminder.structure_id: reminder
        for reminder in ReportReminder.objects.filter(year=quarter.year, quarter=quarter.number)
    }
    found = []
    for structure in late_structures(quarter):
        reminder = sent.get(structure.pk)
        if reminder is not None and (
            reminder.count >= AT_MOST or now - reminder.last_sent_at < dt.timedelta(days=EVERY_DAYS)
        ):
            continue
        found.append((structure, quarter))
    return found


def recipients(structure: Structure) -> list[str]:
    emails = sorted(affiliations.members_of(structure).values_list("email", flat=True))
    return emails or ([structure.email] if structure.email else [])


def remind(structure: Structure, quarter: Quarter, now: dt.datetime | None = None) -> bool:
    """Record and send one reminder; False when the structure has nobody to write to."""
    now = now or timezone.now()
    to = recipients(structure)
    if not to:
        return False
    with transaction.atomic():
        reminder, _created = ReportReminder.objects.get_or_create(
            structure=structure, year=quarter.year, quarter=quarter.number
        )
        ReportReminder.objects.filter(pk=reminder.pk).update(count=F("count") + 1, last_sent_at=now)
        context = {
            "structure": structure,
            "quarter": quarter,
            "rank": reminder.count + 1,
            "deadline": quarter.last_day + dt.timedelta(days=FIRST_AFTER_DAYS),
            "url": absolute_url(
                reverse("reporting:report_detail", args=[structure.slug, quarter.year, quarter.number])
            ),
        }
        send_after_commit(
            lambda: [build_email("reporting/emails/report_reminder", context, email) for email in to],
            f"quarterly report reminder to {structure}",
        )
    return True


def send_due_reminders(now: dt.datetime | None = None) -> int:
    return sum(remind(structure, quarter, now) for structure, quarter in due(now))

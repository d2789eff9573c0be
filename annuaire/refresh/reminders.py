"""The yearly refresh: which records are stale, who should check them, and the reminders they get.

A record is stale when nobody has clicked "les informations sont à jour" for twelve months
(`needing_verification()`). Its owners are the people who can edit it:
- a structure: its counsellors (active memberships of the structure);
- a partner: the referents attached to it (active memberships of the partner);
- a referent: their own account when they have one, otherwise the members of their partner.

`send_due_reminders()` sends each owner one e-mail listing all their stale records, except those
they were already reminded of within `ANNUAIRE_REMINDER_INTERVAL_DAYS`, so it is safe to run daily.
"""

import datetime as dt
from collections import defaultdict
from itertools import chain

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from annuaire import affiliations
from annuaire.models import Partner, Referent, RefreshReminder, Structure
from extranet.emails import absolute_url, build_email, send_after_commit
from extranet.models import User


def _active_members(path: str = "memberships") -> Prefetch:
    members = affiliations.memberships().select_related("user").order_by("user__last_name", "user__email")
    return Prefetch(path, queryset=members, to_attr="active_memberships")


def stale_structures(now: dt.datetime | None = None):
    return (
        Structure.objects.needing_verification(now)
        .select_related("commune", "verified_by")
        .prefetch_related(_active_members())
    )


def stale_partners(now: dt.datetime | None = None):
    return (
        Partner.objects.needing_verification(now)
        .select_related("verified_by")
        .prefetch_related(_active_members())
    )


def stale_referents(now: dt.datetime | None = None):
    return (
        Referent.objects.needing_verification(now)
        .select_related("partner", "user", "verified_by")
        .prefetch_related(_active_members("partner__memberships"))
    )


def owners_of(record: Structure | Partner | Referent) -> list[User]:
    """Who should check `record` (needs the prefetching of the `stale_*` querysets)."""
    if isinstance(record, Referent):
        if record.user is not None and record.user.is_active:
            return [record.user]
        record = record.partner
    return [membership.user for membership in record.active_memberships]


def record_url(record: Structure | Partner | Referent) -> str:
    target = record.partner if isinstance(record, Referent) else record
    return absolute_url(target.get_absolute_url())


def _key(record) -> tuple[int, int]:
    return ContentType.objects.get_for_model(record).pk, record.pk


def _recently_reminded(since: dt.datetime) -> set[tuple[int, int, int]]:
    """(user id, content type id, record id) of every reminder sent since `since`, in one query."""
    rows = RefreshReminder.objects.sent_since(since).values_list("user_id", "content_type_id", "object_id")
    return set(rows)


def due_reminders(now: dt.datetime | None = None, interval_days: int | None = None) -> dict[User, list]:
    """Each owner with the stale records they have not been reminded of within the interval."""
    now = now or timezone.now()
    if interval_days is None:
        interval_days = settings.ANNUAIRE_REMINDER_INTERVAL_DAYS
    already = _recently_reminded(now - dt.timedelta(days=interval_days))
    due = defaultdict(list)
    for record in chain(stale_structures(now), stale_partners(now), stale_referents(now)):
        for owner in owners_of(record):
            if (owner.pk, *_key(record)) not in already:
                due[owner].append(record)
    return dict(due)


def remind(user: User, records: list, now: dt.datetime | None = None) -> None:
    """Record the reminders and write the e-mail to the outbox in one transaction (a refused e-mail
    is tried again by the outbox, not by tomorrow's run)."""
    with transaction.atomic():
        RefreshReminder.objects.bulk_create(
            RefreshReminder(
                user=user,
                content_type_id=_key(record)[0],
                object_id=record.pk,
                sent_at=now or timezone.now(),
            )
            for record in records
        )
        context = {
            "user": user,
            "records": [(record, record._meta.verbose_name, record_url(record)) for record in records],
        }
        send_after_commit(
            lambda: [build_email("annuaire/emails/refresh_reminder", context, user.email)],
            f"refresh reminder to {user.email}",
        )


def send_due_reminders(now: dt.datetime | None = None, interval_days: int | None = None) -> int:
    """Send every due reminder; return the number of people e-mailed."""
    due = due_reminders(now, interval_days)
    for user, records in due.items():
        remind(user, records, now)
    return len(due)

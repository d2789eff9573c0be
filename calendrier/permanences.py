"""The partners' permanences (from the directory) shown beside the events of the calendar.

A person follows the structures they are attached to (a counsellor's own structure) and, for a
referent, the permanences of their partner. Only the permanences held on given days appear; the
ones "by appointment" or "by visio" have no date to show.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from annuaire.affiliations import memberships_of
from annuaire.models import Permanence
from extranet.typography import format_time_range


@dataclass(frozen=True)
class PermanenceOccurrence:
    permanence: Permanence
    day: dt.date

    is_permanence = True  # lets one template loop tell permanences from events

    @property
    def title(self) -> str:
        return f"Permanence {self.permanence.partner} à {self.permanence.structure}"

    @property
    def start(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.day, self.permanence.starts_at))

    @property
    def end(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.day, self.permanence.ends_at))

    def time_range(self) -> str:
        return format_time_range(self.permanence.starts_at, self.permanence.ends_at)

    def uid_key(self) -> str:
        return f"permanence-{self.permanence.pk}-{self.day:%Y%m%d}"


def followed_permanences(user, since: dt.date | None = None) -> list[Permanence]:
    """The calendar-based permanences `user` follows.

    Their structures' closures ending on or after `since` are prefetched for `next_occurrences`:
    today by default, the first day of its grid for the month view (which also shows past days).
    """
    # A subquery rather than `Affiliations.of(user)`'s ids: the feed asks nothing else of them, so
    # this saves it a query.
    attachments = memberships_of(user)
    followed = Q(structure__in=attachments.values("structure")) | Q(partner__in=attachments.values("partner"))
    # The closures: a permanence is not held on a day its structure is closed (next_occurrences).
    permanences = (
        Permanence.objects.filter(followed)
        .select_related("partner", "structure")
        .with_closures(since or timezone.localdate())
    )
    return [p for p in permanences if p.is_calendar_based()]


def occurrences_between(
    permanences: list[Permanence], first_day: dt.date, last_day: dt.date
) -> list[PermanenceOccurrence]:
    """Every occurrence of `permanences` on a day of [first_day, last_day], in date order."""
    # A weekly permanence happens at most once a week: this many occurrences always reach last_day.
    count = (last_day - first_day).days // 7 + 1
    found = [
        PermanenceOccurrence(permanence, day)
        for permanence in permanences
        for day in permanence.next_occurrences(first_day, count=count)
        if day <= last_day
    ]
    return sorted(found, key=lambda o: (o.day, o.permanence.starts_at))

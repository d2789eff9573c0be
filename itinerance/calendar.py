"""The itinerant cell's passages in the network calendar and in every member's feed (calendrier/sources.py).

Every member sees every passage: counsellors orient people to the next one, and the schedule is
announced in advance. A cancelled or stopped passage stays, struck out with its public reason.
"""

import datetime as dt

from django.db.models import Count, Max
from django.urls import reverse

from calendrier.sources import CalendarEntry, EntrySource
from itinerance.models import Passage

KIND = "Passage de la cellule itinérante"


def _entry(passage: Passage) -> CalendarEntry:
    site = passage.site
    place = ", ".join(
        part for part in (site.address, f"{site.commune.postal_code} {site.commune.name}") if part
    )
    return CalendarEntry(
        kind=KIND,
        title=f"{site} ({passage.tour})",
        day=passage.date,
        start=passage.start,
        end=passage.end,
        url=reverse("itinerance:site_detail", kwargs={"pk": site.pk}),
        uid_key=f"passage-{passage.pk}",
        sequence=passage.sequence,
        updated_at=passage.updated_at,
        location=place,
        description=f"{passage.tour}, unité {passage.tour.unit}. {passage.get_status_display()}.",
        cancelled=passage.is_off,
        cancelled_label=passage.get_status_display(),
        note=passage.public_reason,
    )


def entries(user, first: dt.date, last: dt.date) -> list[CalendarEntry]:
    passages = Passage.objects.between(first, last).with_places().chronological()
    return [_entry(passage) for passage in passages]


def fingerprint(user, first: dt.date, last: dt.date):
    return tuple(
        Passage.objects.between(first, last).aggregate(count=Count("pk"), last=Max("updated_at")).values()
    )


SOURCE = EntrySource(entries=entries, fingerprint=fingerprint, topics=("itinerance", "annuaire"))

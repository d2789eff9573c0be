"""A commune's passages stop once a France Services is labelled there (Département's deliberation).

Read from the directory's state rather than from a signal: a structure may become labelled by hand,
by the national list import or by a bulk update, and whichever way it happened the coordinator sees
the sites concerned with their future passages, and stops them from a date in one action. Stopped
passages keep a public reason; the site is kept, with its history, and simply no longer served.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from annuaire.enums import StructureKind, StructureStatus
from annuaire.models import Structure
from itinerance.enums import PassageStatus
from itinerance.models import Passage, Site


@dataclass
class SiteToStop:
    site: Site
    structures: list[Structure]
    passages: list[Passage]  # its passages to come, planned

    @property
    def labelled_on(self) -> dt.date | None:
        dates = [s.labelled_on for s in self.structures if s.labelled_on]
        return min(dates) if dates else None

    def reason(self) -> str:
        return stop_reason(self.structures[0])


def stop_reason(structure: Structure) -> str:
    return (
        f"Passages arrêtés : {structure.commune} a désormais une France Services labellisée "
        f"({structure.name})."
    )


def labelled_structures():
    return Structure.objects.filter(
        status=StructureStatus.LABELLED, kind__in=[StructureKind.FIXED, StructureKind.ANTENNA]
    )


def sites_to_stop(today: dt.date | None = None) -> list[SiteToStop]:
    """Sites still served in a commune that now has a labelled France Services (three queries)."""
    today = today or timezone.localdate()
    structures = defaultdict(list)
    for structure in labelled_structures().select_related("commune").order_by("name"):
        structures[structure.commune_id].append(structure)
    upcoming = (
        Passage.objects.upcoming(today).filter(status=PassageStatus.PLANNED).order_by("date", "starts_at")
    )
    sites = (
        Site.objects.active()
        .filter(commune__in=list(structures))
        .select_related("commune", "tour")
        .prefetch_related(Prefetch("passages", queryset=upcoming, to_attr="upcoming"))
        .order_by("commune__name", "name")
    )
    return [SiteToStop(site, structures[site.commune_id], site.upcoming) for site in sites]


@transaction.atomic
def stop_site(site: Site, from_date: dt.date, reason: str) -> int:
    """Stop `site`'s planned passages from `from_date` on, and stop serving it. Returns how many."""
    passages = list(site.passages.filter(date__gte=from_date, status=PassageStatus.PLANNED))
    for passage in passages:
        passage.status, passage.public_reason = PassageStatus.STOPPED, reason
        passage.save()  # one by one: each gets a new sequence, so calendar applications update it
    site.is_active, site.stopped_on, site.stop_reason = False, from_date, reason
    site.save(update_fields=["is_active", "stopped_on", "stop_reason"])
    return len(passages)

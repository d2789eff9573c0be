"""What the passages tell the quarterly reports, through the registry's figure provider.

The reporting app never imports the cell: `ItineranceConfig.ready()` registers `passage_figures` as
the `ITINERANT_PASSAGES` provider (extranet/registry.py), and the report of an itinerant structure
is prefilled from it. Held passages only (a cancelled, stopped or still planned passage received
nobody), of the units of that structure only; counts, never who came.
"""

import datetime as dt

from django.db.models import Count, Q, Sum

from extranet.registry import ITINERANT_PASSAGES, FigureProvider, ItinerantFigures
from itinerance.enums import PassageStatus
from itinerance.models import Passage, PassageCount

# The counts typed after each passage, named alike on `Passage` and `ItinerantFigures`.
COUNTS = ("people_received", "level_1", "level_2", "oriented_to_mds", "digital_sessions")


def held_passages(structure, first_day: dt.date, last_day: dt.date):
    return Passage.objects.between(first_day, last_day).filter(
        status=PassageStatus.HELD, tour__unit__structure=structure
    )


def passage_figures(structure, first_day: dt.date, last_day: dt.date) -> ItinerantFigures:
    """The figures of `structure`'s held passages from `first_day` to `last_day` (both included):
    two queries, whatever the number of passages."""
    passages = held_passages(structure, first_day, last_day)
    totals = passages.aggregate(
        passages=Count("pk"),
        passages_without_counts=Count("pk", filter=Q(people_received__isnull=True)),
        **{name: Sum(name) for name in COUNTS},
    )
    per_partner = (
        PassageCount.objects.filter(passage__in=passages, partner__isnull=False)
        .values("partner_id")
        .annotate(people=Sum("people"))
        .order_by()
    )
    return ItinerantFigures(
        **totals, people_by_partner={row["partner_id"]: row["people"] for row in per_partner}
    )


PROVIDER = FigureProvider(ITINERANT_PASSAGES, passage_figures)

"""What the itinerant cell's data tells the directory's charter check (annuaire/charter.py).

The deliberation asks for 2 agents per unit and 2 passages a month at each site, set and announced in
advance: a site is checked on the current month and the next one, counting passages planned or held
(a cancelled or stopped passage is not a passage). Three queries whatever the number of structures.
"""

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.formats import date_format

from annuaire.charter import ItinerantFacts
from itinerance.models import Passage, Site, Unit

PASSAGES_PER_MONTH = 2


def checked_months(today: dt.date) -> tuple[dt.date, dt.date]:
    """The first days of the current month and of the next one."""
    first = today.replace(day=1)
    return first, (first + dt.timedelta(days=32)).replace(day=1)


def month_name(first_day: dt.date) -> str:
    return date_format(first_day, "F")


def itinerant_facts(now: dt.datetime) -> dict[int, ItinerantFacts]:
    today = timezone.localdate(now)
    months = checked_months(today)
    last = (months[1] + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)

    agents = defaultdict(list)
    for structure_id, name, count in (
        Unit.objects.filter(is_active=True)
        .annotate(n=Count("agents", filter=Q(agents__is_active=True)))
        .order_by("name")
        .values_list("structure_id", "name", "n")
    ):
        agents[structure_id].append((name, count))

    sites = list(
        Site.objects.active()
        .filter(tour__is_active=True, tour__unit__is_active=True)
        .values_list("pk", "name", "tour__unit__structure_id")
    )
    counts = {
        (site_id, month.date() if isinstance(month, dt.datetime) else month): n
        for site_id, month, n in Passage.objects.announced()
        .filter(site__in=[pk for pk, _name, _structure in sites], date__gte=months[0], date__lte=last)
        .annotate(month=TruncMonth("date"))
        .values("site", "month")
        .annotate(n=Count("pk"))
        .values_list("site", "month", "n")
    }
    site_counts, short = defaultdict(int), defaultdict(list)
    for pk, name, structure_id in sites:
        site_counts[structure_id] += 1
        for month in months:
            if counts.get((pk, month), 0) < PASSAGES_PER_MONTH:
                short[structure_id].append((name, month_name(month)))

    months_text = f"{month_name(months[0])} et {month_name(months[1])}"
    return {
        structure_id: ItinerantFacts(
            unit_agents=tuple(agents.get(structure_id, ())),
            site_count=site_counts.get(structure_id, 0),
            months=months_text,
            short_sites=tuple(short.get(structure_id, ())),
        )
        for structure_id in set(agents) | set(site_counts)
    }

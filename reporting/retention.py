"""Retention of the usage counters: per-person daily rows older than 13 months are folded into monthly
aggregates per group (role, structure or partner) and deleted.

Only whole months are folded: a month goes once its last day is older than 13 months, so a day's row
is kept between 13 and 14 months. A folded month always belongs to a year that is over (its December
ended at least two months ago), and the months are folded in date order: what
`reporting.usage` needs to count a past year's distinct people from the aggregates.

Folding is idempotent: the rows folded are deleted in the same transaction, so a second run finds
nothing more to fold (`manage.py fold_usage`, run every night from cron: README).
"""

import datetime as dt
from collections import defaultdict

from django.db import transaction
from django.db.models import Max, Sum
from django.db.models.functions import ExtractYear, TruncMonth
from django.utils import timezone

from extranet.models import DailyUsage
from reporting.usage import DAILY_METRICS, NO_GROUP, people_groups
from reporting.usage_models import MonthlyUsage

KEPT_MONTHS = 13


def fold_cutoff(today: dt.date) -> dt.date:
    """The first day not folded: the start of the month that contains `today` − 13 months."""
    index = today.year * 12 + today.month - 1 - KEPT_MONTHS
    return dt.date(index // 12, index % 12 + 1, 1)


def fold(today: dt.date | None = None) -> int:
    """Fold the daily rows of every month over before `fold_cutoff`; the number of rows folded."""
    cutoff = fold_cutoff(today or timezone.localdate())
    with transaction.atomic():
        old = DailyUsage.objects.before(cutoff)
        rows = list(
            old.annotate(first_day=TruncMonth("day"))
            .values("user_id", "first_day")
            .annotate(**{metric: Sum(metric) for metric in DAILY_METRICS})
            .order_by()
        )
        if not rows:
            return 0
        years = {row["first_day"].year for row in rows}
        # Each person's last active day in those years, among every row still held (later months
        # of the same years included: they are not folded yet, or are folded in this same run).
        last_day = {
            (row["user_id"], row["year"]): row["last"]
            for row in DailyUsage.objects.filter(day__year__in=years)
            .annotate(year=ExtractYear("day"))
            .values("user_id", "year")
            .annotate(last=Max("day"))
            .order_by()
        }
        groups = people_groups()
        sums: dict[tuple, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for row in rows:
            first_day = row["first_day"]
            group = groups.get(row["user_id"], NO_GROUP)
            figures = sums[first_day, group]
            for metric in DAILY_METRICS:
                figures[metric] += row[metric]
            figures["active_people"] += 1
            last = last_day[row["user_id"], first_day.year]
            figures["last_active_people"] += (last.year, last.month) == (first_day.year, first_day.month)
        for (first_day, group), figures in sums.items():
            aggregate, _ = MonthlyUsage.objects.get_or_create(
                month=first_day, role=group.role, structure_id=group.structure_id, partner_id=group.partner_id
            )
            for name, value in figures.items():
                setattr(aggregate, name, getattr(aggregate, name) + value)
            aggregate.save()
        return old.delete()[0]

"""The month grid of the calendar page: weeks from Monday to Sunday, each day with what happens on it."""

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber

from calendrier.models import Event, EventQuerySet
from calendrier.permanences import PermanenceOccurrence
from calendrier.sources import CalendarEntry

# A day of the month grid shows at most this many entries; the others are counted in a link to the
# day's page (« + 12 autres »). Three entries of two or three short lines fill a day's cell at 1280 px
# while a week stays under a screen high, and keep a week of stacked days a few screens long at 320 px.
# Listing everything made the page grow with the network: the itinerant cell alone adds hundreds of
# passages a month (docs/decisions.md, « Pages that stay the same size »).
SHOWN_PER_DAY = 3


@dataclass
class Day:
    date: dt.date
    in_month: bool
    is_today: bool
    events: list[Event] = field(default_factory=list)
    permanences: list[PermanenceOccurrence] = field(default_factory=list)
    entries: list[CalendarEntry] = field(default_factory=list)
    more: int = 0  # what happens that day besides what is shown: on the day's page

    def keep_first(self, count: int, unfetched: int = 0) -> None:
        """Keep the first `count` entries, events first, then permanences, then the other apps' ones;
        count the rest, with `unfetched` events of the day that were never read from the database."""
        total = len(self.events) + len(self.permanences) + len(self.entries) + unfetched
        self.events = self.events[:count]
        self.permanences = self.permanences[: count - len(self.events)]
        self.entries = self.entries[: count - len(self.events) - len(self.permanences)]
        self.more = total - len(self.events) - len(self.permanences) - len(self.entries)


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    # The months a URL may ask for: the network's calendar has nothing outside, and far years
    # would overflow the date arithmetic of the grid and of the previous/next links.
    FIRST_YEAR = 2000
    LAST_YEAR = 2100

    @classmethod
    def containing(cls, day: dt.date) -> "Month":
        return cls(day.year, day.month)

    @classmethod
    def from_url(cls, year: int, month: int) -> "Month":
        if not (cls.FIRST_YEAR <= year <= cls.LAST_YEAR and 1 <= month <= 12):
            raise ValueError(f"No calendar page for {year}-{month}.")
        return cls(year, month)

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    def previous(self) -> "Month":
        return Month.containing(self.first_day - dt.timedelta(days=1))

    def next(self) -> "Month":
        return Month.containing(self.first_day + dt.timedelta(days=31))

    def weeks(self) -> list[list[dt.date]]:
        return calendar.Calendar(firstweekday=0).monthdatescalendar(self.year, self.month)

    def grid_bounds(self) -> tuple[dt.date, dt.date]:
        weeks = self.weeks()
        return weeks[0][0], weeks[-1][-1]


def grid_events(events: EventQuerySet, first: dt.date, last: dt.date) -> tuple[list[Event], dict]:
    """The events of the days [first, last], at most `SHOWN_PER_DAY` a day, in chronological order,
    and per day how many of its events were left in the database.

    Two queries whatever the number of events: the one-day events ranked within their day by a window
    function (the first `SHOWN_PER_DAY` read, the day's count on each), and every event over several
    days (few: a two-day training, a seminar), since each appears on several days.
    """
    events = events.between(first, last)
    spanning = list(events.filter(end_date__gt=F("start_date")))
    day = F("start_date")
    one_day = list(
        events.filter(end_date=day)
        .annotate(
            rank=Window(
                RowNumber(), partition_by=day, order_by=[F("start_time").asc(nulls_first=True), "pk"]
            ),
            on_day=Window(Count("pk"), partition_by=day),
        )
        .filter(rank__lte=SHOWN_PER_DAY)
    )
    unfetched = {e.start_date: e.on_day - SHOWN_PER_DAY for e in one_day if e.on_day > SHOWN_PER_DAY}
    return sorted([*spanning, *one_day], key=_chronological), unfetched


def _chronological(event: Event) -> tuple:
    """The order of `EventQuerySet.chronological`: by day, all-day events first, then by time."""
    return event.start_date, event.start_time is not None, event.start_time or dt.time.min, event.pk


def month_grid(
    month: Month,
    events: list[Event],
    occurrences: list[PermanenceOccurrence],
    today: dt.date,
    entries: Iterable[CalendarEntry] = (),
    unfetched: Mapping[dt.date, int] | None = None,
) -> list[list[Day]]:
    """The weeks of `month`, each day with at most `SHOWN_PER_DAY` entries and the count of the others.

    `events` in chronological order (`grid_events`), `unfetched` the events of each day not among them.
    """
    weeks = [[Day(d, d.month == month.month, d == today) for d in week] for week in month.weeks()]
    days = {day.date: day for week in weeks for day in week}
    first, last = weeks[0][0].date, weeks[-1][-1].date
    for event in events:
        # A multi-day event appears on each of its days shown in the grid.
        current, end = max(event.start_date, first), min(event.end_date, last)
        while current <= end:
            days[current].events.append(event)
            current += dt.timedelta(days=1)
    for occurrence in occurrences:
        if occurrence.day in days:
            days[occurrence.day].permanences.append(occurrence)
    for entry in entries:
        if entry.day in days:
            days[entry.day].entries.append(entry)
    for day in days.values():
        day.keep_first(SHOWN_PER_DAY, (unfetched or {}).get(day.date, 0))
    return weeks

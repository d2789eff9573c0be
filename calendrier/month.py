"""The month grid of the calendar page: weeks from Monday to Sunday, each day with what happens on it."""

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from calendrier.models import Event
from calendrier.permanences import PermanenceOccurrence
from calendrier.sources import CalendarEntry


@dataclass
class Day:
    date: dt.date
    in_month: bool
    is_today: bool
    events: list[Event] = field(default_factory=list)
    permanences: list[PermanenceOccurrence] = field(default_factory=list)
    entries: list[CalendarEntry] = field(default_factory=list)


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


def month_grid(
    month: Month,
    events: list[Event],
    occurrences: list[PermanenceOccurrence],
    today: dt.date,
    entries: Iterable[CalendarEntry] = (),
) -> list[list[Day]]:
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
    return weeks

"""What other apps put in the calendar beside events and permanences (the itinerant cell's passages).

The calendar imports no feature app: an app registers an `EntrySource` in its `AppConfig.ready()`.
Its entries appear in the month view and in every member's subscription feed, each introduced by its
kind in words (« Passage de la cellule itinérante »), and a cancelled entry reaches the feeds with
STATUS:CANCELLED so calendar applications strike it out instead of silently dropping it.
"""

import datetime as dt
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from extranet.typography import format_time_range, local


@dataclass(frozen=True)
class CalendarEntry:
    kind: str  # in words, shown before the title: « Passage de la cellule itinérante »
    title: str
    day: dt.date
    start: dt.datetime
    end: dt.datetime
    url: str
    uid_key: str  # unique and stable: « passage-42 » (the site's host is added in the feed)
    sequence: int
    updated_at: dt.datetime
    location: str = ""
    description: str = ""
    cancelled: bool = False
    cancelled_label: str = "Annulé"
    note: str = ""  # why it is cancelled, shown to everyone

    is_entry = True  # lets one template loop tell these from events and permanences

    def time_range(self) -> str:
        return format_time_range(local(self.start).time(), local(self.end).time())


@dataclass(frozen=True)
class EntrySource:
    # (user, first_day, last_day) -> the entries `user` sees on those days, in date order
    entries: Callable[[object, dt.date, dt.date], list[CalendarEntry]]
    # (user, first_day, last_day) -> a cheap value that changes whenever those entries change
    fingerprint: Callable[[object, dt.date, dt.date], Hashable]
    # The fragment topics (extranet/fragments.py) of what the entries show: the month view is kept
    # rendered until one of them changes.
    topics: tuple[str, ...] = ()


_sources: list[EntrySource] = []


def register_entry_source(source: EntrySource) -> None:
    if source not in _sources:
        _sources.append(source)


def entries_between(user, first_day: dt.date, last_day: dt.date) -> list[CalendarEntry]:
    found = [entry for source in _sources for entry in source.entries(user, first_day, last_day)]
    return sorted(found, key=lambda entry: entry.start)


def topics() -> list[str]:
    return [topic for source in _sources for topic in source.topics]


def fingerprint(user, first_day: dt.date, last_day: dt.date) -> tuple:
    return tuple(source.fingerprint(user, first_day, last_day) for source in _sources)

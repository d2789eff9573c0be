"""Opening hours and closures written as one line of text, for the yearly refresh spreadsheets.

A structure's week fits in one cell that reads as people write it and imports back unchanged:

    lun 09:00-12:00 14:00-17:00; mar 09:00-12:00; ven 14:00-17:00

Days are separated by `;`, ranges by spaces; a day that is not written is closed. Full day names
("lundi") and times such as "9h" or "9h30" are accepted on import; the export always writes the short
form above, so re-importing an export changes nothing.

Exceptional closures take one line each in their cell, a single day or a period, then the reason:

    24/12/2026-26/12/2026 Fêtes de fin d'année
    01/05/2027 Fête du travail
"""

import datetime as dt
import re
from typing import NamedTuple

from annuaire.enums import Weekday

DAY_ABBREVIATIONS = {
    Weekday.MONDAY: "lun",
    Weekday.TUESDAY: "mar",
    Weekday.WEDNESDAY: "mer",
    Weekday.THURSDAY: "jeu",
    Weekday.FRIDAY: "ven",
    Weekday.SATURDAY: "sam",
    Weekday.SUNDAY: "dim",
}
_DAY_NAMES = {
    **{abbreviation: day for day, abbreviation in DAY_ABBREVIATIONS.items()},
    **{day.label: day for day in Weekday},
}
_TIME_RANGE = re.compile(r"^(\d{1,2})[:hH](\d{2})?-(\d{1,2})[:hH](\d{2})?$")
_CLOSURE = re.compile(r"^(\d{2}/\d{2}/\d{4})(?:\s*-\s*(\d{2}/\d{2}/\d{4}))?\s*(.*)$")


class TimeRange(NamedTuple):
    weekday: int
    opens: dt.time
    closes: dt.time


class Closure(NamedTuple):
    starts_on: dt.date
    ends_on: dt.date
    reason: str


def parse_weekday(text: str) -> Weekday:
    """A day from its French name or abbreviation ("mardi", "mar"), whatever the case."""
    day = _DAY_NAMES.get(text.strip().lower().rstrip("."))
    if day is None:
        raise ValueError(f"Jour « {text} » inconnu : écrivez lun, mar, mer, jeu, ven, sam ou dim.")
    return day


def _parse_time(hours: str, minutes: str | None, written: str) -> dt.time:
    try:
        return dt.time(int(hours), int(minutes or 0))
    except ValueError:
        raise ValueError(f"Heure invalide dans « {written} ».") from None


def _parse_range(day: Weekday, written: str) -> TimeRange:
    match = _TIME_RANGE.match(written)
    if not match:
        raise ValueError(f"Plage « {written} » illisible : écrivez par exemple 09:00-12:00.")
    opens = _parse_time(match[1], match[2], written)
    closes = _parse_time(match[3], match[4], written)
    if opens >= closes:
        raise ValueError(f"Plage « {written} » ({day.label}) : la fermeture doit suivre l'ouverture.")
    return TimeRange(day, opens, closes)


def _check_no_overlap(ranges: list[TimeRange]) -> None:
    for previous, current in zip(ranges, ranges[1:], strict=False):
        if previous.weekday == current.weekday and current.opens < previous.closes:
            raise ValueError(
                f"Les plages {format_range(previous)} et {format_range(current)} du "
                f"{Weekday(current.weekday).label} se chevauchent."
            )


def parse_week(text: str | None) -> list[TimeRange]:
    """The ranges written in `text`, sorted; raises ValueError with a French message."""
    ranges = []
    for part in filter(None, (p.strip() for p in (text or "").split(";"))):
        day_text, *range_texts = part.split()
        day = parse_weekday(day_text)
        if not range_texts:
            raise ValueError(f"Aucune plage horaire après « {day_text} ».")
        ranges.extend(_parse_range(day, written) for written in range_texts)
    ranges.sort()
    _check_no_overlap(ranges)
    return ranges


def format_range(time_range: TimeRange) -> str:
    return f"{time_range.opens:%H:%M}-{time_range.closes:%H:%M}"


def format_week(ranges) -> str:
    """`ranges`: TimeRange tuples or OpeningHours rows (anything with weekday, opens, closes)."""
    ordered = sorted(TimeRange(r.weekday, r.opens, r.closes) for r in ranges)
    days = []
    for day in Weekday:
        day_ranges = [format_range(r) for r in ordered if r.weekday == day]
        if day_ranges:
            days.append(" ".join([DAY_ABBREVIATIONS[day], *day_ranges]))
    return "; ".join(days)


def _parse_date(text: str) -> dt.date:
    try:
        return dt.datetime.strptime(text, "%d/%m/%Y").date()
    except ValueError:
        raise ValueError(f"Date « {text} » invalide (format JJ/MM/AAAA).") from None


def _parse_closure(line: str) -> Closure:
    match = _CLOSURE.match(line)
    if not match:
        raise ValueError(f"Fermeture « {line} » illisible : écrivez par exemple 24/12/2026-26/12/2026 Noël.")
    starts_on = _parse_date(match[1])
    ends_on = _parse_date(match[2]) if match[2] else starts_on
    if ends_on < starts_on:
        raise ValueError(f"Fermeture « {line} » : la date de fin précède la date de début.")
    return Closure(starts_on, ends_on, match[3].strip())


def parse_closures(text: str | None) -> list[Closure]:
    lines = filter(None, (line.strip() for line in (text or "").splitlines()))
    return sorted(_parse_closure(line) for line in lines)


def format_closures(closures) -> str:
    """`closures`: Closure tuples or ExceptionalClosure rows."""
    lines = []
    for closure in sorted(Closure(c.starts_on, c.ends_on, c.reason) for c in closures):
        dates = f"{closure.starts_on:%d/%m/%Y}"
        if closure.ends_on != closure.starts_on:
            dates += f"-{closure.ends_on:%d/%m/%Y}"
        lines.append(f"{dates} {closure.reason}".strip())
    return "\n".join(lines)

"""French typography shared by every app: times, dates, numbers, plurals and the spaces before
punctuation. The template filters in `extranet/templatetags/french.py` are thin wrappers over these
functions, so Python code (exports, e-mails, model descriptions) and templates write the same thing.

Which non-breaking space where (one convention, used everywhere):
- NBSP (U+00A0) inside times and dates (« 14 h 30 », « 1er décembre »), between a number and its
  word (« 3 référents »), before « : » and inside « guillemets »;
- NNBSP (U+202F, the narrow one) before « ; ? ! » and between groups of digits (« 12 500 »).
"""

import datetime as dt
import re

from django.utils import timezone
from django.utils.formats import date_format

NBSP = "\u00a0"
NNBSP = "\u202f"

# A run of ordinary or non-breaking spaces (or none) between a word and high punctuation.
_BEFORE_COLON = re.compile(r"(?<=\S)[ \u00a0\u202f]*:(?=\s|$)")
# Only punctuation that ends a word (followed by a space, a closing sign or the end): « ?page=2 » in
# an address is left alone.
_BEFORE_HIGH = re.compile(r"(?<=\S)[ \u00a0\u202f]*([;?!]+)(?=[\s»)\"'<]|$)")
# The « ; » that ends an HTML entity (« &amp; ») is no punctuation.
_ENTITY_START = re.compile(r"&#?\w+$")
_AFTER_OPENING_QUOTE = re.compile(r"«[ \u00a0\u202f]*")
_BEFORE_CLOSING_QUOTE = re.compile(r"[ \u00a0\u202f]*»")


def _hours(hours: int, minutes: int) -> str:
    return f"{hours}{NBSP}h" if not minutes else f"{hours}{NBSP}h{NBSP}{minutes:02d}"


def format_time(value: dt.time | dt.datetime) -> str:
    """French way of writing a time: « 9 h », « 13 h 30 », never broken across lines."""
    if isinstance(value, dt.datetime):
        value = local(value).time()
    return _hours(value.hour, value.minute)


def format_duration(minutes: int) -> str:
    """A length of time written like a time: « 25 h », « 24 h 30 »."""
    return _hours(*divmod(minutes, 60))


def format_time_range(start: dt.time, end: dt.time) -> str:
    # The dash never starts a line: « 9 h – » stays together, the break may come after the dash.
    return f"{format_time(start)}{NBSP}– {format_time(end)}"


def local(value: dt.datetime) -> dt.datetime:
    """An aware datetime in the current time zone (Europe/Paris), as Django's `date` filter shows it."""
    return timezone.localtime(value) if timezone.is_aware(value) else value


def format_date(value: dt.date | dt.datetime, weekday: bool = False, year: bool = True) -> str:
    """« 1er décembre 2026 », « mardi 1er décembre 2026 » (weekday), « mardi 1er décembre » (no year)."""
    if isinstance(value, dt.datetime):
        value = local(value)
    day = "1er" if value.day == 1 else str(value.day)
    text = f"{day}{NBSP}{date_format(value, 'F')}"
    if year:
        text += f" {value.year}"
    if weekday:
        text = f"{date_format(value, 'l')} {text}"
    return text


def format_date_range(start: dt.date, end: dt.date, weekday: bool = False) -> str:
    """« le 3 mars 2026 », « du 3 au 5 mars 2026 », « du 30 mars au 2 avril 2026 », « du 30 décembre
    2026 au 2 janvier 2027 » (and the same with weekdays): what both ends share is written once."""
    if start == end:
        return f"le {format_date(start, weekday=weekday)}"
    last = format_date(end, weekday=weekday)
    if (start.year, start.month) == (end.year, end.month):
        first = format_date(start, weekday=weekday, year=False).rsplit(NBSP, 1)[0]
    else:
        first = format_date(start, weekday=weekday, year=start.year != end.year)
    return f"du {first} au {last}"


def format_datetime(value: dt.datetime, weekday: bool = False, year: bool = True) -> str:
    """« 1er décembre 2026 à 14 h 30 », in the current time zone (options as for `format_date`)."""
    value = local(value)
    return f"{format_date(value, weekday=weekday, year=year)} à {format_time(value.time())}"


def format_number(value: int) -> str:
    """« 12 500 »: digits grouped by three with a narrow non-breaking space."""
    return f"{value:,}".replace(",", NNBSP)


def plural(count: int, forms: str) -> str:
    """« 0 référent », « 1 référent », « 2 référents ».

    French rule: 0 and 1 take the singular (Django's `pluralize` makes 0 plural). `forms` is the
    singular — every word then takes an « s » unless it already ends in s, x or z (« place restante »
    → « places restantes ») — or "singular,plural" for the others (« travail,travaux »).
    """
    singular, _, plural_form = forms.partition(",")
    if not plural_form:
        plural_form = " ".join(w if w[-1:] in "sxz" else f"{w}s" for w in singular.split(" "))
    word = singular if abs(count) < 2 else plural_form
    return f"{format_number(count)}{NBSP}{word}"


def punctuate(text: str) -> str:
    """`text` with the French spaces: NBSP before « : » and inside « », NNBSP before « ; ? ! ».

    A missing space is added and an ordinary one replaced. Only a colon followed by a space or the end
    is touched, so times (« 14:30 ») and addresses (« https://… ») are left alone.
    """
    text = _BEFORE_COLON.sub(f"{NBSP}:", text)
    text = _BEFORE_HIGH.sub(lambda m: _space_high(m, text), text)
    text = _AFTER_OPENING_QUOTE.sub(f"«{NBSP}", text)
    return _BEFORE_CLOSING_QUOTE.sub(f"{NBSP}»", text)


def _space_high(match: re.Match, text: str) -> str:
    if match.group(1).startswith(";") and _ENTITY_START.search(text, 0, match.start()):
        return match.group(0)
    return f"{NNBSP}{match.group(1)}"

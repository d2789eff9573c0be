"""Working days in France: Monday to Friday, except French public holidays (the `holidays` package,
metropolitan France). One home for the forum's answer delays and the calendar's dates."""

import datetime as dt
from functools import cache

import holidays


@cache
def _public_holidays(year: int) -> dict[dt.date, str]:
    return dict(holidays.France(years=year, language="fr"))


def public_holiday_name(day: dt.date) -> str:
    """« Lundi de Pâques », or "" for a day that is no public holiday."""
    return _public_holidays(day.year).get(day, "")


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _public_holidays(day.year)


def working_day_from(day: dt.date) -> dt.date:
    """`day` if it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day

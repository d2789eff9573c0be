"""An event's dates and hours in French words, as every page and e-mail writes them."""

import datetime as dt

from calendrier.models import Event
from extranet.typography import NBSP

DEC_1 = dt.date(2026, 12, 1)


def _event(**fields) -> Event:
    return Event(**{"start_date": DEC_1, "end_date": DEC_1, **fields})


def test_one_timed_day():
    event = _event(start_time=dt.time(9), end_time=dt.time(12, 30))
    assert event.when() == f"mardi 1er{NBSP}décembre 2026, 9{NBSP}h{NBSP}– 12{NBSP}h{NBSP}30"


def test_several_whole_days_share_month_and_year():
    event = _event(end_date=dt.date(2026, 12, 3))
    assert event.when() == f"du mardi 1er au jeudi 3{NBSP}décembre 2026"


def test_several_timed_days_write_full_hours_without_minutes():
    event = _event(end_date=dt.date(2026, 12, 2), start_time=dt.time(9), end_time=dt.time(17))
    assert event.when() == (
        f"du mardi 1er{NBSP}décembre 2026, 9{NBSP}h, au mercredi 2{NBSP}décembre 2026, 17{NBSP}h"
    )

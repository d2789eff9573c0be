"""The demo calendar's events fall on working days, whatever day the demo is loaded."""

import datetime as dt

import holidays
import pytest

from calendrier.management.commands.load_calendar_demo import demo_events

FRENCH_HOLIDAYS = holidays.France(years=range(2026, 2029))


def _event_days(event: dict) -> list[dt.date]:
    days, day = [], event["start_date"]
    while day <= event["end_date"]:
        days.append(day)
        day += dt.timedelta(days=1)
    return days


@pytest.mark.parametrize("today", [dt.date(2026, 1, 1) + dt.timedelta(days=n) for n in range(0, 730, 3)])
def test_demo_events_never_fall_on_a_weekend_or_a_public_holiday(today):
    for event in demo_events(today):
        assert event["start_date"] >= today and event["end_date"] >= event["start_date"], event["title"]
        for day in _event_days(event):
            assert day.weekday() < 5, (event["title"], day)
            assert day not in FRENCH_HOLIDAYS, (event["title"], day, FRENCH_HOLIDAYS.get(day))


def test_an_event_due_on_new_years_day_moves_to_the_next_working_day():
    # The CAF webinar is a week ahead: loaded on 25 December 2026 it would fall on 1 January 2027, a
    # Friday and a public holiday; it moves to Monday 4 January.
    webinar = next(e for e in demo_events(dt.date(2026, 12, 25)) if e["title"].startswith("Webinaire CAF"))
    assert webinar["start_date"] == dt.date(2027, 1, 4)

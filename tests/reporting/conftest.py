"""Reporting fixtures: the day is 15 July 2026, so the quarter to report on is T2 2026."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest


@pytest.fixture
def july(time_machine):
    time_machine.move_to(dt.datetime(2026, 7, 15, 10, tzinfo=ZoneInfo("Europe/Paris")), tick=False)

"""Reporting fixtures: the day is 15 July 2026, so the quarter to report on is T2 2026."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest


@pytest.fixture
def july(time_machine):
    time_machine.move_to(dt.datetime(2026, 7, 15, 10, tzinfo=ZoneInfo("Europe/Paris")), tick=False)


@pytest.fixture
def no_passage_counter(monkeypatch):
    """The registry without the itinérance app's counter, as before it registered one."""
    from extranet import registry

    providers = {
        name: provider
        for name, provider in registry._figure_providers.items()
        if name != registry.ITINERANT_PASSAGES
    }
    monkeypatch.setattr(registry, "_figure_providers", providers)

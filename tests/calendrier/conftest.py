"""Events for the calendar tests: `make_event(**fields)` builds a valid upcoming event
(`tests.factories.EventFactory`)."""

import pytest

from tests import factories


@pytest.fixture
def make_event(db):
    return factories.EventFactory


@pytest.fixture
def event(make_event):
    return make_event(title="Formation initiale", capacity=2)

"""Events for the calendar tests: `make_event(**fields)` builds a valid upcoming event."""

import datetime as dt

import factory
import pytest
from django.utils import timezone
from factory.django import DjangoModelFactory

from calendrier.enums import Audience, EventKind
from calendrier.models import Event
from tests import factories


class EventFactory(DjangoModelFactory):
    class Meta:
        model = Event

    kind = EventKind.TRAINING
    title = factory.Sequence(lambda n: f"Formation n°{n}")
    start_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=10))
    start_time = dt.time(9)
    end_date = factory.SelfAttribute("start_date")
    end_time = dt.time(12)
    visio_url = "https://visio.example.org/salle"
    organiser = factory.SubFactory(factories.UserFactory, staff=True)
    audience = Audience.EVERYONE


@pytest.fixture
def make_event(db):
    return EventFactory


@pytest.fixture
def event(make_event):
    return make_event(title="Formation initiale", capacity=2)

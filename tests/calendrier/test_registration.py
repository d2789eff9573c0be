import datetime as dt
import threading

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from calendrier.enums import Audience, RegistrationStatus
from calendrier.models import Event, RegistrationRefused
from tests import factories


def test_registrations_fill_the_places_then_the_waiting_list(event):
    first, second, third = (factories.counsellor() for _ in range(3))
    assert event.register(first).status == RegistrationStatus.CONFIRMED
    assert event.register(second).status == RegistrationStatus.CONFIRMED
    waiting = event.register(third)
    assert waiting.status == RegistrationStatus.WAITING
    assert waiting.waiting_position() == 1
    assert event.register(first).pk == event.registrations.get(user=first).pk  # twice: no duplicate


def test_a_freed_place_goes_to_the_first_on_the_waiting_list_with_an_email_after_commit(
    event, django_capture_on_commit_callbacks
):
    people = [factories.counsellor() for _ in range(4)]
    for person in people:
        event.register(person)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        event.unregister(people[0])
    assert mail.outbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    statuses = dict(event.registrations.values_list("user", "status"))
    assert statuses == {
        people[1].pk: RegistrationStatus.CONFIRMED,
        people[2].pk: RegistrationStatus.CONFIRMED,  # first come, first served
        people[3].pk: RegistrationStatus.WAITING,
    }
    assert [m.to for m in mail.outbox] == [[people[2].email]]
    assert "Une place s'est libérée" in mail.outbox[0].subject
    assert event.registrations.get(user=people[3]).waiting_position() == 1


def test_more_places_move_the_waiting_list_up(event, django_capture_on_commit_callbacks):
    people = [factories.counsellor() for _ in range(4)]
    for person in people:
        event.register(person)
    event.capacity = 3
    event.save()
    with django_capture_on_commit_callbacks(execute=True):
        promoted = event.fill_free_places()
    assert [r.user for r in promoted] == [people[2]]
    assert len(mail.outbox) == 1


def test_deadline_is_enforced(make_event, conseiller):
    event = make_event(registration_deadline=timezone.now() - dt.timedelta(hours=1))
    with pytest.raises(RegistrationRefused, match="date limite"):
        event.register(conseiller)
    assert not event.registrations.exists()


def test_audience_is_enforced(make_event, conseiller, referent):
    event = make_event(audience=Audience.REFERENTS)
    with pytest.raises(RegistrationRefused, match="réservé"):
        event.register(conseiller)
    assert event.register(referent).is_confirmed


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"is_cancelled": True}, "annulé"),
        ({"start_date": dt.date(2020, 1, 1), "end_date": dt.date(2020, 1, 1)}, "commencé"),
    ],
)
def test_no_registration_to_a_cancelled_or_past_event(make_event, conseiller, changes, message):
    event = make_event(**changes)
    with pytest.raises(RegistrationRefused, match=message):
        event.register(conseiller)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row locks (PostgreSQL)")
@pytest.mark.django_db(transaction=True)
def test_two_last_place_registrations_at_once_never_overbook():
    event = factories.EventFactory(capacity=1)
    people = [factories.counsellor() for _ in range(2)]
    barrier = threading.Barrier(2)
    errors = []

    def register(person):
        try:
            barrier.wait()
            Event.objects.get(pk=event.pk).register(person)
        except Exception as exc:  # reported below, a thread cannot fail the test itself
            errors.append(exc)
        finally:
            connection.close()  # each thread has its own connection

    for _ in range(5):  # several rounds: a race shows up rarely on one try
        event.registrations.all().delete()
        barrier.reset()
        threads = [threading.Thread(target=register, args=(person,)) for person in people]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert sorted(event.registrations.values_list("status", flat=True)) == [
            RegistrationStatus.WAITING,
            RegistrationStatus.CONFIRMED,
        ]

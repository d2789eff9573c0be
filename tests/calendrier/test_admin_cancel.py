"""Cancelling an event from the Django admin tells the registrants, exactly as the event page's button."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from django.urls import reverse

from tests import factories


@pytest.fixture
def registrants(event):
    people = [factories.counsellor() for _ in range(3)]  # two places, one waiting
    for person in people:
        event.register(person)
    return people


def _assert_told_once(event, people):
    event.refresh_from_db()
    assert event.is_cancelled and event.sequence == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    assert all(m.subject.endswith(f"Annulé : {event.title}") for m in mail.outbox)


def _cancel_action(client, *events):
    return client.post(
        reverse("admin:calendrier_event_changelist"),
        {"action": "cancel_events", ACTION_CHECKBOX_NAME: [e.pk for e in events]},
    )


def _change_form_data(response) -> dict:
    """The admin change form's current values, as the browser would post them back."""
    data = {}
    forms = [response.context["adminform"].form]
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        forms.append(management)
        forms.extend(formset.formset.forms)
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = value
    return data


def test_the_admin_action_cancels_and_tells_the_registrants_once(
    client, animateur, event, registrants, django_capture_on_commit_callbacks
):
    client.force_login(animateur)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = _cancel_action(client, event)
    assert response.status_code == 302
    assert len(callbacks) == len(registrants)  # sent after commit, not before
    _assert_told_once(event, registrants)

    # Running the action again on the already cancelled event tells nobody twice.
    with django_capture_on_commit_callbacks(execute=True):
        _cancel_action(client, event)
    _assert_told_once(event, registrants)


def test_the_admin_action_leaves_unselected_events_alone(
    client, animateur, event, make_event, django_capture_on_commit_callbacks
):
    other = make_event(with_registrations=True)
    client.force_login(animateur)
    with django_capture_on_commit_callbacks(execute=True):
        _cancel_action(client, event)
    other.refresh_from_db()
    assert not other.is_cancelled and mail.outbox == []


def test_ticking_cancelled_on_the_change_form_tells_the_registrants_once(
    client, animateur, event, registrants, django_capture_on_commit_callbacks
):
    client.force_login(animateur)
    url = reverse("admin:calendrier_event_change", args=[event.pk])
    data = _change_form_data(client.get(url))
    data["is_cancelled"] = "on"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert len(callbacks) == len(registrants)
    _assert_told_once(event, registrants)

    # Saving the cancelled event again (no change of the flag) sends nothing more.
    data = _change_form_data(client.get(url))
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, data).status_code == 302
    assert len(mail.outbox) == len(registrants)


def test_other_changes_on_the_change_form_tell_nobody(
    client, animateur, event, registrants, django_capture_on_commit_callbacks
):
    client.force_login(animateur)
    url = reverse("admin:calendrier_event_change", args=[event.pk])
    data = _change_form_data(client.get(url))
    data["title"] = "Formation initiale (nouvelle salle)"
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, data).status_code == 302
    event.refresh_from_db()
    assert event.title.endswith("(nouvelle salle)") and not event.is_cancelled
    assert mail.outbox == []

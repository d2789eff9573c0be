import datetime as dt

import pytest
from django.urls import reverse

from annuaire.enums import Recurrence, Weekday
from annuaire.models import Permanence
from calendrier.enums import Audience
from calendrier.models import CalendarToken
from tests import factories
from tests.calendrier.ical import events_by_uid, parse_calendar


def test_event_ics_is_valid_with_a_stable_uid_the_paris_zone_and_a_growing_sequence(
    client, conseiller, event
):
    client.force_login(conseiller)
    url = reverse("calendrier:event_ics", args=[event.pk])
    calendar = parse_calendar(client.get(url))
    (component,) = calendar.walk("VEVENT")
    assert str(component["uid"]) == f"event-{event.pk}@127.0.0.1"
    assert component.decoded("dtstart") == event.start
    assert component["dtstart"].params["TZID"] == "Europe/Paris"
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    assert "dtstamp" in component and component["status"] == "CONFIRMED"
    assert component["sequence"] == 0

    event.title = "Formation initiale (nouvel horaire)"
    event.save()
    (updated,) = parse_calendar(client.get(url)).walk("VEVENT")
    assert str(updated["uid"]) == str(component["uid"])
    assert updated["sequence"] == 1

    event.is_cancelled = True
    event.save()
    (cancelled,) = parse_calendar(client.get(url)).walk("VEVENT")
    assert cancelled["status"] == "CANCELLED" and cancelled["sequence"] == 2


def test_all_day_event_on_several_days_uses_dates_with_an_exclusive_end(client, conseiller, make_event):
    event = make_event(
        start_time=None, end_time=None, end_date=dt.date(2030, 5, 7), start_date=dt.date(2030, 5, 6)
    )
    client.force_login(conseiller)
    (component,) = parse_calendar(client.get(reverse("calendrier:event_ics", args=[event.pk]))).walk("VEVENT")
    assert component.decoded("dtstart") == dt.date(2030, 5, 6)
    assert component.decoded("dtend") == dt.date(2030, 5, 8)


@pytest.fixture
def feed_url(conseiller):
    return CalendarToken.for_user(conseiller).get_absolute_url()


def test_feed_holds_the_audience_events_the_registrations_and_the_permanences_without_login(
    client, conseiller, structure, partner, referent, make_event, feed_url
):
    for_all = make_event(title="Pour tous")
    make_event(title="Pour les référents", audience=Audience.REFERENTS)
    registered = make_event(title="Inscrit", audience=Audience.COUNSELLORS)
    registered.register(conseiller)
    # A referent's event carrying their contacts: none of them may reach the feed.
    referent.phone = "05 63 99 99 99"
    referent.save()
    make_event(title="Webinaire CAF", organiser=referent, organiser_partner=partner)
    Permanence.objects.create(
        partner=partner,
        structure=structure,
        recurrence=Recurrence.WEEKLY,
        weekday=Weekday.TUESDAY,
        starts_at=dt.time(9),
        ends_at=dt.time(12),
    )
    factories.counsellor()  # another person's structure: not followed

    calendar = parse_calendar(client.get(feed_url))
    events = events_by_uid(calendar)
    summaries = sorted(str(c["summary"]) for uid, c in events.items() if uid.startswith("event-"))
    assert summaries == ["Inscrit", "Pour tous", "Webinaire CAF"]
    assert f"event-{for_all.pk}@127.0.0.1" in events
    assert "Vous êtes inscrit(e)" in str(events[f"event-{registered.pk}@127.0.0.1"]["description"])
    permanences = [c for c in events.values() if str(c["summary"]).startswith("Permanence")]
    assert len(permanences) >= 10  # twelve weeks of Tuesdays
    assert all(c.decoded("dtstart").weekday() == Weekday.TUESDAY for c in permanences)
    assert all(str(c["uid"]).startswith("permanence-") for c in permanences)
    text = client.get(feed_url).content.decode()
    assert referent.email not in text and "99 99 99" not in text and "ORGANIZER" not in text


def test_a_bad_token_is_a_404_and_a_regenerated_token_stops_the_old_url(client, conseiller, feed_url):
    token = CalendarToken.objects.get(user=conseiller)
    assert client.get(feed_url).status_code == 200
    wrong_first = "y" if token.token.startswith("x") else "x"  # never the token itself
    bad = reverse("calendrier:feed", kwargs={"pk": token.pk, "token": wrong_first + token.token[1:]})
    assert client.get(bad).status_code == 404
    assert (
        client.get(reverse("calendrier:feed", kwargs={"pk": token.pk + 1, "token": token.token})).status_code
        == 404
    )

    client.force_login(conseiller)
    response = client.post(reverse("calendrier:subscription"))
    assert response.status_code == 302
    client.logout()
    assert client.get(feed_url).status_code == 404
    token.refresh_from_db()
    assert client.get(token.get_absolute_url()).status_code == 200


def test_an_inactive_member_feed_stops(client, conseiller, feed_url):
    conseiller.is_active = False
    conseiller.save()
    assert client.get(feed_url).status_code == 404


def test_subscription_page_shows_the_private_url(client, conseiller):
    client.force_login(conseiller)
    response = client.get(reverse("calendrier:subscription"))
    token = CalendarToken.objects.get(user=conseiller)
    assert token.token in response.content.decode()


def test_the_cached_feed_shows_edits_registrations_and_cancellations_at_once(
    client, conseiller, event, feed_url
):
    def component():
        return events_by_uid(parse_calendar(client.get(feed_url)))[f"event-{event.pk}@127.0.0.1"]

    assert "inscrit" not in str(component()["description"])
    event.title = "Formation initiale (nouvelle salle)"
    event.save()
    assert str(component()["summary"]) == "Formation initiale (nouvelle salle)"
    event.register(conseiller)
    assert "Vous êtes inscrit(e)" in str(component()["description"])
    event.is_cancelled = True
    event.save()
    assert component()["status"] == "CANCELLED"


def test_the_feed_tells_the_waiting_list_apart(client, conseiller, event, feed_url):
    event.capacity = 0
    event.save()
    event.register(conseiller)
    description = str(
        events_by_uid(parse_calendar(client.get(feed_url)))[f"event-{event.pk}@127.0.0.1"]["description"]
    )
    assert "liste d'attente" in description

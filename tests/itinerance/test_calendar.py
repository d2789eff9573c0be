"""Passages in the network calendar and in every member's subscription feed."""

import datetime as dt

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from calendrier.models import CalendarToken
from calendrier.month import SHOWN_PER_DAY
from itinerance.calendar import KIND
from itinerance.enums import PassageStatus
from tests.calendrier.test_ical_clients import read_with_ical_js
from tests.factories import EventFactory, PassageFactory, SiteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def passage(db):
    site = SiteFactory(name="Mairie de Bruniquel", address="Place de la mairie", tour__name="Tournée Est")
    return PassageFactory(site=site, date=timezone.localdate() + dt.timedelta(days=5))


def feed(client, user) -> bytes:
    return client.get(CalendarToken.for_user(user).get_absolute_url()).content


def test_a_passage_is_in_the_month_view_told_apart_in_words(client, conseiller, passage):
    client.force_login(conseiller)

    page = client.get(
        reverse("calendrier:month", args=[passage.date.year, passage.date.month])
    ).content.decode()

    assert "Passage de la cellule itinérante" in page
    assert "Mairie de Bruniquel" in page


def test_a_passage_is_in_every_members_feed(client, conseiller, referent, passage):
    for person in (conseiller, referent):
        (component,) = [
            c
            for c in icalendar.Calendar.from_ical(feed(client, person)).walk("VEVENT")
            if "passage-" in c["uid"]
        ]
        assert str(component["summary"]).startswith("Passage de la cellule itinérante : Mairie de Bruniquel")
        assert component["status"] == "CONFIRMED"
        assert "Place de la mairie" in str(component["location"])


def test_a_cancellation_reaches_the_feed_with_status_cancelled_read_by_thunderbird(
    client, conseiller, passage, tmp_path
):
    feed(client, conseiller)  # cached…
    passage.status, passage.public_reason = PassageStatus.CANCELLED, "Panne du véhicule"
    passage.save()

    content = feed(client, conseiller)  # …and rebuilt, since the passage changed

    seen = read_with_ical_js(content, tmp_path)[passage.ical_uid()]
    assert seen["status"] == "CANCELLED"
    assert seen["summary"].startswith("ANNULÉ : Passage de la cellule itinérante")
    nine_in_paris = timezone.make_aware(dt.datetime.combine(passage.date, dt.time(9)))
    assert seen["start"] == nine_in_paris.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    component = next(
        c for c in icalendar.Calendar.from_ical(content).walk("VEVENT") if c["uid"] == passage.ical_uid()
    )
    assert component["sequence"] == 1
    assert "Panne du véhicule" in str(component["description"])


def test_a_day_of_many_passages_shows_a_few_after_the_events_and_the_day_lists_them_all(
    client, conseiller, passage
):
    day = passage.date
    for n in range(11):
        PassageFactory(site=SiteFactory(name=f"Salle des fêtes {n:02d}"), date=day, starts_at=dt.time(8))
    EventFactory(title="Réunion des conseillers", start_date=day)
    client.force_login(conseiller)

    page = client.get(reverse("calendrier:month", args=[day.year, day.month])).content.decode()

    # The event first, then the first passages of the day (8 h before the passage at 9 h).
    assert page.count(f">{KIND}</span>") == SHOWN_PER_DAY - 1
    assert page.index("Réunion des conseillers") < page.index(KIND)
    assert "Mairie de Bruniquel" not in page
    assert f'href="{reverse("calendrier:day", args=[day])}">+&nbsp;10\xa0autres' in page
    listing = client.get(reverse("calendrier:day", args=[day])).content.decode()
    assert listing.count(f">{KIND}</span>") == 12 and "Mairie de Bruniquel" in listing

"""The schedule announced to the public: pages per commune and per site, an iCal feed per commune."""

import datetime as dt

import icalendar
import pytest
from django.urls import reverse

from extranet.typography import format_date
from itinerance.enums import PassageStatus
from itinerance.models import PublicSchedule
from tests import factories

TODAY = dt.date(2026, 12, 2)


# The cache is the database's (settings): each test's entries go with its transaction.
@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 2, 10, tzinfo=dt.UTC), tick=False)


def publish(value=True):
    setting = PublicSchedule.load()
    setting.is_published = value
    setting.save()


@pytest.fixture
def site(db):
    commune = factories.CommuneFactory(name="Molières", insee_code="82112", postal_code="82220")
    return factories.SiteFactory(name="Mairie de Molières", commune=commune, address="1 place de la Mairie")


@pytest.fixture
def passages(site):
    return [
        factories.PassageFactory(site=site, date=dt.date(2026, 12, 8)),
        factories.PassageFactory(
            site=site,
            date=dt.date(2026, 12, 15),
            status=PassageStatus.CANCELLED,
            public_reason="Panne du véhicule",
        ),
    ]


def public_urls(site):
    insee = site.commune.insee_code
    return [
        reverse("itinerance:public_index"),
        reverse("itinerance:public_commune", args=[insee]),
        reverse("itinerance:public_site", args=[site.pk]),
        reverse("itinerance:public_feed", args=[insee]),
    ]


def test_nothing_is_public_until_the_cci_publishes(client, site, passages):
    for url in public_urls(site):
        assert client.get(url).status_code == 404, url

    publish()

    for url in public_urls(site):
        assert client.get(url).status_code == 200, url


def test_commune_page_lists_passages_and_cancellations_with_their_reason(client, site, passages):
    publish()

    response = client.get(reverse("itinerance:public_commune", args=["82112"]))

    text = response.content.decode()
    assert "Mairie de Molières" in text
    assert format_date(dt.date(2026, 12, 8), weekday=True) in text
    assert "Panne du véhicule" in text
    assert "Annulé" in text
    assert reverse("itinerance:public_feed", args=["82112"]) in text


def test_unknown_commune_or_site_is_not_found(client, site, passages):
    publish()
    other = factories.CommuneFactory(insee_code="82001")  # no site there

    assert client.get(reverse("itinerance:public_commune", args=[other.insee_code])).status_code == 404
    assert client.get(reverse("itinerance:public_commune", args=["nimporte"])).status_code == 404
    assert client.get(reverse("itinerance:public_site", args=[site.pk + 1000])).status_code == 404


def test_feed_marks_cancellations_cancelled(client, site, passages):
    publish()

    response = client.get(reverse("itinerance:public_feed", args=["82112"]))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    events = {str(event["uid"]): event for event in calendar.walk("VEVENT")}
    planned, cancelled = (events[p.ical_uid()] for p in passages)
    assert str(planned["status"]) == "CONFIRMED"
    assert str(cancelled["status"]) == "CANCELLED"
    assert "Panne du véhicule" in str(cancelled["description"])
    assert planned.decoded("dtstart") == dt.datetime(2026, 12, 8, 9, tzinfo=planned.decoded("dtstart").tzinfo)
    assert "Europe/Paris" in response.content.decode()


def test_pages_are_cached_until_a_passage_changes(client, site, passages, django_assert_num_queries):
    publish()
    url = reverse("itinerance:public_site", args=[site.pk])
    client.get(url)

    # The setting, the data version and the cache (the database's in tests; Redis in production).
    with django_assert_num_queries(3):
        response = client.get(url)
    assert "max-age=300" in response["Cache-Control"] and "public" in response["Cache-Control"]

    passages[0].status = PassageStatus.CANCELLED
    passages[0].public_reason = "Intempéries"
    passages[0].save()

    assert "Intempéries" in client.get(url).content.decode()


def test_bulk_status_change_also_refreshes_the_page(client, site, passages):
    publish()
    url = reverse("itinerance:public_site", args=[site.pk])
    client.get(url)

    site.passages.update(status=PassageStatus.STOPPED, public_reason="Une France Services ouvre à Molières")

    assert "Une France Services ouvre à Molières" in client.get(url).content.decode()


def test_conditional_request_gets_not_modified(client, site, passages):
    publish()
    url = reverse("itinerance:public_feed", args=["82112"])
    etag = client.get(url)["ETag"]

    assert client.get(url, headers={"if-none-match": etag}).status_code == 304


def test_logged_in_member_sees_the_anonymous_layout(client, site, passages, conseiller):
    publish()
    client.force_login(conseiller)
    url = reverse("itinerance:public_commune", args=["82112"])

    text = client.get(url).content.decode()

    assert "Mon compte" not in text
    assert "Se déconnecter" not in text
    assert conseiller.email not in text


def test_public_pages_send_the_content_security_policy(client, site, passages):
    publish()

    response = client.get(reverse("itinerance:public_commune", args=["82112"]))

    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_public_pages_cost_the_same_with_more_sites_and_passages(client, site, passages, queries_stay_flat):
    publish()

    def grow():
        for _ in range(3):
            other = factories.SiteFactory(commune=site.commune)
            for week in range(4):
                factories.PassageFactory(site=other, date=TODAY + dt.timedelta(days=7 * week + 1))
                factories.PassageFactory(
                    site=other, date=TODAY + dt.timedelta(days=7 * week + 2), cancelled=True
                )

    counts = {
        name: queries_stay_flat(reverse(f"itinerance:{name}", args=args), grow)
        for name, args in (
            ("public_index", []),
            ("public_commune", ["82112"]),
            ("public_site", [site.pk]),
            ("public_feed", ["82112"]),
        )
    }

    # Each count is a first visit after a change (the data version moved): the setting, the version,
    # the cache lookup, the page's own queries (1 to 3), then storing it in the tests' database cache (5).
    assert counts == {"public_index": 9, "public_commune": 11, "public_site": 10, "public_feed": 11}

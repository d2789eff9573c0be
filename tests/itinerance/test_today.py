"""« Aujourd'hui »: an itinerant agent's day on a phone, and the counts recorded after each passage."""

import datetime as dt
import re

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from itinerance.enums import PassageStatus, VisitStatus
from tests import factories


@pytest.fixture
def unit(db):
    return factories.UnitFactory()


@pytest.fixture
def agent(unit):
    return factories.itinerant_agent(unit=unit, email="agent@example.org")


@pytest.fixture
def day(time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 1, 7, tzinfo=dt.UTC), tick=False)
    return dt.date(2026, 12, 1)


def passage_at(unit, day, hour, **site):
    tour = factories.TourFactory(unit=unit)
    site = factories.SiteFactory(tour=tour, **site)
    return factories.PassageFactory(
        site=site, tour=tour, date=day, starts_at=dt.time(hour), ends_at=dt.time(hour + 2)
    )


def counts(passage, **values):
    data = {
        "people_received": "7",
        "level_1": "5",
        "level_2": "2",
        "oriented_to_mds": "1",
        "digital_sessions": "3",
    }
    return {f"passage-{passage.pk}-{name}": value for name, value in {**data, **values}.items()}


def test_the_day_lists_passages_and_visits_in_order_with_maps_links(client, agent, unit, day):
    afternoon = passage_at(unit, day, 14, name="Mairie de Lavit", access_notes="Clé à l'accueil")
    morning = passage_at(unit, day, 9, name="Salle des fêtes de Puygaillard", latitude=44.02, longitude=1.64)
    visit = factories.HomeVisitRequestFactory(
        status=VisitStatus.SCHEDULED,
        unit=unit,
        scheduled_at=timezone.make_aware(dt.datetime(2026, 12, 1, 12)),
    )
    passage_at(factories.UnitFactory(), day, 10, name="Mairie d'une autre unité")
    passage_at(unit, day + dt.timedelta(days=1), 9, name="Mairie du lendemain")
    client.force_login(agent)

    response = client.get(reverse("itinerance:today"))

    content = re.sub(r"\s+", " ", response.content.decode())
    assert response.status_code == 200
    positions = [content.index(text) for text in ("Puygaillard", "visite à domicile", "Mairie de Lavit")]
    assert positions == sorted(positions)
    assert "autre unité" not in content and "lendemain" not in content
    assert "Clé à l&#x27;accueil" in content
    assert 'href="geo:44.02,1.64?q=44.02,1.64(Salle' in content  # coordinates as written
    assert "geo:0,0?q=3%20chemin%20des%20Vignes" in content
    assert "tel:0612345678" in content
    assert [item["passage"] for item in response.context["items"] if item["kind"] == "passage"] == [
        morning,
        afternoon,
    ]
    # The person's data was read: the audit log says so.
    assert LogEntry.objects.get_for_object(visit).filter(action=LogEntry.Action.ACCESS, actor=agent).exists()


def test_counts_are_recorded_and_the_passage_is_held(client, agent, unit, day):
    passage = passage_at(unit, day, 9)
    client.force_login(agent)

    response = client.post(reverse("itinerance:passage_counts", args=[passage.pk]), counts(passage))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('itinerance:today')}#passage-{passage.pk}"
    passage.refresh_from_db()
    assert (passage.people_received, passage.level_1, passage.level_2, passage.oriented_to_mds) == (
        7,
        5,
        2,
        1,
    )
    assert passage.status == PassageStatus.HELD and passage.counts_recorded_by == agent


def test_a_refused_post_keeps_the_values_and_says_so(client, agent, unit, day):
    passage = passage_at(unit, day, 9)
    client.force_login(agent)

    response = client.post(
        reverse("itinerance:passage_counts", args=[passage.pk]),
        counts(passage, people_received="", level_1="-2"),
    )

    content = response.content.decode()
    assert response.status_code == 400
    assert "ne sont pas enregistrés" in content
    assert "les valeurs saisies sont conservées" in content
    assert 'value="2"' in content and 'value="-2"' in content and 'value="3"' in content
    assert "Ce champ est obligatoire." in content
    passage.refresh_from_db()
    assert passage.people_received is None and passage.status == PassageStatus.PLANNED


def test_an_agent_of_another_unit_cannot_record_counts(client, unit, day):
    passage = passage_at(unit, day, 9)
    stranger = factories.itinerant_agent()
    client.force_login(stranger)

    response = client.post(reverse("itinerance:passage_counts", args=[passage.pk]), counts(passage))

    assert response.status_code == 404
    passage.refresh_from_db()
    assert passage.people_received is None


@pytest.mark.parametrize("persona", ["conseiller", "guichet", "pilotage"])
def test_the_page_is_for_the_cell_only(client, request, persona):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("itinerance:today")).status_code == 403


def test_the_page_works_without_javascript(client, agent, unit, day):
    passage_at(unit, day, 9)
    client.force_login(agent)

    content = client.get(reverse("itinerance:today")).content.decode()

    # A plain form posting to the server; the script only adds a local copy of unsent values.
    assert re.search(r'<form method="post" action="/[^"]+/compteurs/"', content)
    assert "<script>" not in content


def test_the_day_costs_the_same_with_more_passages(client, agent, unit, day, queries_stay_flat):
    passage_at(unit, day, 8)
    factories.HomeVisitRequestFactory(
        status=VisitStatus.SCHEDULED,
        unit=unit,
        partner=factories.PartnerFactory(),
        theme=factories.DomainFactory(),
        scheduled_at=timezone.make_aware(dt.datetime(2026, 12, 1, 12)),
    )
    client.force_login(agent)

    def grow():
        for hour in (10, 13, 15):
            passage_at(unit, day, hour, access_notes="Clé à l'accueil")

    # Each visit shown writes one access entry to the audit log: a handful a day.
    assert queries_stay_flat(reverse("itinerance:today"), grow) <= 20

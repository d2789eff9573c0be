"""The tour, site and planning pages: who sees what, who may act, and what it costs in queries."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from itinerance.enums import PassageStatus
from itinerance.models import Passage
from itinerance.permissions import holds_plan_permission, is_coordinator
from tests.factories import PassageFactory, RuleFactory, SiteFactory, TourFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(db):
    """The cell's chargé de mission: the Département's account with the planning permission."""
    user = UserFactory(role="pilotage", first_name="Chloé", last_name="Coordinatrice")
    user.user_permissions.add(Permission.objects.get(codename="plan_passages"))
    return user


@pytest.fixture
def tour(db):
    tour = TourFactory(name="Tournée Ouest", unit__name="Unité 1", unit__agents=2)
    for n, name in enumerate(["Mairie d'Auvillar", "Mairie de Dunes"]):
        RuleFactory(site=SiteFactory(tour=tour, name=name, position=n))
    return tour


def test_every_member_reads_the_tours_with_their_sites_in_order_and_next_passages(client, conseiller, tour):
    site = tour.sites.get(name="Mairie de Dunes")
    PassageFactory(site=site, date=timezone.localdate() + dt.timedelta(days=3))
    PassageFactory(site=site, date=timezone.localdate() + dt.timedelta(days=10), cancelled=True)
    client.force_login(conseiller)

    listing = client.get(reverse("itinerance:tour_list")).content.decode()
    detail = client.get(reverse("itinerance:tour_detail", args=[tour.pk])).content.decode()

    assert "Tournée Ouest" in listing and "2\u00a0sites" in listing
    assert "Générer les passages" not in listing
    assert detail.index("Mairie d&#x27;Auvillar") < detail.index("Mairie de Dunes")
    assert "1er et 3e mardis du mois" in detail
    assert (
        "Annulé</strong>&nbsp;: Panne du véhicule" in detail
        or "Annulé</strong>\u00a0: Panne du véhicule" in detail
    )


def test_the_site_page_shows_access_notes_and_history(client, conseiller, tour):
    site = tour.sites.first()
    site.parking, site.step_free = "Parking de la salle des fêtes", True
    site.save()
    PassageFactory(site=site, date=timezone.localdate() - dt.timedelta(days=20), held=True, people_received=7)
    client.force_login(conseiller)

    page = client.get(reverse("itinerance:site_detail", args=[site.pk])).content.decode()

    assert "Parking de la salle des fêtes" in page
    assert "Tenu" in page and ">7<" in page


def test_unknown_ids_are_404(client, conseiller):
    client.force_login(conseiller)

    assert client.get(reverse("itinerance:tour_detail", args=[999])).status_code == 404
    assert client.get(reverse("itinerance:site_detail", args=[999])).status_code == 404


@pytest.mark.parametrize("persona", ["conseiller", "itinerant", "referent", "pilotage"])
def test_only_the_coordinator_plans(client, persona, request, tour):
    passage = PassageFactory(site=tour.sites.first())
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("itinerance:planning")).status_code == 403
    assert client.get(reverse("itinerance:stops")).status_code == 403
    response = client.post(
        reverse("itinerance:passage_cancel", args=[passage.pk]), {f"passage-{passage.pk}-public_reason": "x"}
    )
    assert response.status_code == 403
    assert client.post(reverse("itinerance:stop_site", args=[passage.site.pk]), {}).status_code == 403
    passage.refresh_from_db()
    assert passage.status == PassageStatus.PLANNED


def test_the_cci_and_the_holder_of_the_permission_plan(client, animateur, coordinator):
    for person in (animateur, coordinator):
        client.force_login(person)
        assert client.get(reverse("itinerance:planning")).status_code == 200
        assert "Générer les passages" in client.get(reverse("itinerance:tour_list")).content.decode()


def test_coordination_is_asked_in_one_query(conseiller, coordinator, django_assert_num_queries):
    """The home page asks it of everyone: one query, kept on the user with the cell's answer."""
    with django_assert_num_queries(1):
        assert not is_coordinator(conseiller)
        assert not holds_plan_permission(conseiller)
    with django_assert_num_queries(1):
        assert is_coordinator(coordinator)
    superuser = UserFactory(role="pilotage", is_superuser=True)
    with django_assert_num_queries(0):
        assert is_coordinator(superuser)
    # The superuser is a coordinator without holding the permission that opens the persons' data.
    assert not holds_plan_permission(superuser)


def test_the_coordinator_previews_then_saves_the_passages(client, coordinator, tour):
    client.force_login(coordinator)
    url = reverse("itinerance:planning")

    preview = client.post(url, {"months": 3, "tour": tour.pk, "preview": "1"})

    assert preview.status_code == 200
    assert "Aperçu du" in preview.content.decode()
    assert not Passage.objects.exists(), "the preview saves nothing"

    saved = client.post(url, {"months": 3, "tour": tour.pk, "save": "1"})
    assert saved.status_code == 302
    count = Passage.objects.count()
    assert count >= 10
    client.post(url, {"months": 3, "tour": tour.pk, "save": "1"})
    assert Passage.objects.count() == count, "saving twice duplicates nothing"


def test_changes_to_announced_passages_need_the_box_ticked(client, coordinator, tour):
    client.force_login(coordinator)
    url = reverse("itinerance:planning")
    client.post(url, {"months": 2, "save": "1"})
    rule = tour.sites.first().rules.get()
    rule.weeks_of_month = "2,4"
    rule.save()

    refused = client.post(url, {"months": 2, "save": "1"})

    assert refused.status_code == 200
    assert "cochez la case pour les confirmer" in refused.content.decode()
    assert not Passage.objects.filter(status=PassageStatus.CANCELLED).exists()
    client.post(url, {"months": 2, "save": "1", "confirm_changes": "on"})
    assert Passage.objects.filter(status=PassageStatus.CANCELLED, rule=rule).exists()


def test_the_coordinator_cancels_a_passage_with_a_public_reason(client, coordinator, tour):
    passage = PassageFactory(site=tour.sites.first())
    client.force_login(coordinator)

    client.post(
        reverse("itinerance:passage_cancel", args=[passage.pk]),
        {f"passage-{passage.pk}-public_reason": "Intempéries"},
    )

    passage.refresh_from_db()
    assert (passage.status, passage.public_reason, passage.sequence) == (
        PassageStatus.CANCELLED,
        "Intempéries",
        1,
    )


def _grow(tour):
    def grow():
        other = TourFactory(unit__agents=2)
        for n in range(3):
            site = SiteFactory(tour=other if n else tour)
            RuleFactory(site=site)
            for days in (2, 9, 16):
                PassageFactory(site=site, date=timezone.localdate() + dt.timedelta(days=days))

    return grow


def test_the_tour_list_costs_the_same_queries_with_more_tours(client, conseiller, tour, queries_stay_flat):
    client.force_login(conseiller)

    assert queries_stay_flat(reverse("itinerance:tour_list"), _grow(tour)) <= 12


def test_the_tour_page_costs_the_same_queries_with_more_sites_and_passages(
    client, conseiller, tour, queries_stay_flat
):
    client.force_login(conseiller)

    assert queries_stay_flat(reverse("itinerance:tour_detail", args=[tour.pk]), _grow(tour)) <= 12

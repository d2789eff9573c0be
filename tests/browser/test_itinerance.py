"""The coordinator previews the generation of passages and saves it; the preview passes axe on a phone."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from playwright.sync_api import expect

from itinerance.models import Passage
from tests import factories
from tests.browser.pages import assert_no_axe_violation, login

pytestmark = pytest.mark.browser


def test_the_coordinator_previews_then_saves_the_passages(browser_page, live_server):
    tour = factories.TourFactory(name="Tournée Lomagne et Garonne", unit__agents=2)
    for name in ("Mairie d'Auvillar", "Mairie de Dunes"):
        factories.RuleFactory(site=factories.SiteFactory(tour=tour, name=name))
    coordinator = factories.UserFactory(role="pilotage")
    coordinator.user_permissions.add(Permission.objects.get(codename="plan_passages"))
    page = login(browser_page, live_server, coordinator)

    page.goto(f"{live_server.url}{reverse('itinerance:planning')}")
    page.get_by_label("Générer les passages des prochains mois").select_option("3")
    page.get_by_role("button", name="Voir l'aperçu").click()

    expect(page.get_by_role("heading", name="Nouveaux passages")).to_be_visible()
    assert_no_axe_violation(page)
    page.set_viewport_size({"width": 320, "height": 640})
    assert_no_axe_violation(page)
    page.get_by_role("button", name="Enregistrer ces passages").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Cellule itinérante «\u00a0Proximité des services publics\u00a0»"
    )
    assert Passage.objects.filter(tour=tour).count() >= 10

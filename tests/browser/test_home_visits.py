"""Home visits end to end: a town hall books, the cell schedules, the town hall sees it scheduled, and
the agent records a passage's counts on a phone; axe on each page met on the way."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from itinerance.enums import PassageStatus, VisitStatus
from itinerance.models import Passage
from itinerance.visits import HomeVisitRequest
from tests import factories
from tests.browser.pages import assert_no_axe_violation, login

pytestmark = pytest.mark.browser

PHONE_375 = {"width": 375, "height": 740}


def test_a_town_hall_books_the_cell_schedules_and_the_agent_records_counts(
    browser_page, chromium, live_server, guichet
):
    commune = guichet.memberships.get().commune
    unit = factories.UnitFactory(name="Unité Nord")
    agent = factories.itinerant_agent(unit=unit, email="agent@example.org")
    tour = factories.TourFactory(unit=unit, name="Tournée Nord")
    site = factories.SiteFactory(
        tour=tour, commune=commune, name="Mairie de Lavit", access_notes="Clé à l'accueil"
    )
    soon = factories.PassageFactory(site=site, tour=tour, date=timezone.localdate() + dt.timedelta(days=6))
    today = factories.PassageFactory(site=site, tour=tour, date=timezone.localdate(), starts_at=dt.time(0, 1))
    caf = factories.PartnerFactory(name="Caisse d'allocations familiales", acronym="CAF")
    family = factories.DomainFactory(name="Famille")

    # The town-hall secretariat books a visit.
    page = login(browser_page, live_server, guichet)
    page.get_by_role("link", name="Demander une visite à domicile").click()
    assert_no_axe_violation(page)
    page.get_by_label("Nom et prénom de la personne").fill("Jeanne Martin")
    page.get_by_label("Téléphone de la personne").fill("06 12 34 56 78")
    page.get_by_label("Adresse").fill("3 chemin des Vignes")
    page.get_by_label("Âge").check()
    page.get_by_label("Mardi").check()
    page.get_by_label("La personne accepte d'être contactée par la cellule itinérante").check()
    page.get_by_role("button", name="Envoyer la demande").click()
    expect(page.get_by_text("envoyée à la cellule itinérante")).to_be_visible()
    visit = HomeVisitRequest.objects.get()
    assert visit.requested_by == guichet and visit.commune == commune

    # The itinerant agent finds it in the queue and schedules it on the day the tour is in the commune.
    agent_context = chromium.new_context(locale="fr-FR")
    try:
        agent_page = login(agent_context.new_page(), live_server, agent)
        agent_page.get_by_role("link", name="File d'attente").click()
        assert_no_axe_violation(agent_page)
        agent_page.get_by_role("link", name=re.compile(rf"^N°\s{visit.pk}$")).click()
        expect(agent_page.get_by_text("Jeanne Martin")).to_be_visible()
        assert_no_axe_violation(agent_page)
        # The suggested day: a tour passes in the commune then.
        agent_page.locator(f'a[href*="date={soon.date:%Y-%m-%d}"]').click()
        expect(agent_page.get_by_label("Date de la visite")).to_have_value(f"{soon.date:%Y-%m-%d}")
        agent_page.get_by_label("Heure").fill("14:00")
        agent_page.get_by_role("button", name="Planifier").click()
        expect(agent_page.get_by_text("Statut : Planifiée")).to_be_visible()

        # On the road, on a phone: the day's passage and its counts.
        agent_page.set_viewport_size(PHONE_375)
        agent_page.goto(f"{live_server.url}{reverse('itinerance:today')}")
        expect(agent_page.get_by_role("heading", name="Mairie de Lavit", exact=False).first).to_be_visible()
        assert_no_axe_violation(agent_page)
        counts = agent_page.locator(f"#passage-{today.pk}")
        counts.get_by_label("Personnes reçues").fill("6")
        counts.get_by_label("Demandes de niveau 1").fill("4")
        first_line = counts.get_by_role("group", name="Ligne 1")
        first_line.get_by_label("Partenaire").select_option(label="CAF")
        first_line.get_by_label("Thème").select_option(label="Famille")
        first_line.get_by_label("Personnes").fill("3")
        counts.get_by_role("button", name="Enregistrer les chiffres").click()
        expect(agent_page.get_by_text("Chiffres enregistrés pour")).to_be_visible()
        expect(counts.locator(".today-recorded")).to_have_text("CAF — Famille\u00a0: 3\u00a0personnes")
        assert_no_axe_violation(agent_page)
        width = agent_page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= PHONE_375["width"]
    finally:
        agent_context.close()
    today = Passage.objects.get(pk=today.pk)
    assert (today.people_received, today.level_1, today.status) == (6, 4, PassageStatus.HELD)
    assert [(c.partner, c.theme, c.people) for c in today.counts.all()] == [(caf, family, 3)]

    # The town hall was told by e-mail (a link, no person's data) and sees the date.
    assert [m.to for m in mail.outbox] == [[guichet.email]]
    assert "Jeanne" not in mail.outbox[0].body
    page.goto(f"{live_server.url}{visit.get_absolute_url()}")
    expect(page.get_by_text("Statut : Planifiée")).to_be_visible()
    assert HomeVisitRequest.objects.get().status == VisitStatus.SCHEDULED


def test_the_cell_is_told_of_a_clash_and_schedules_anyway(browser_page, live_server):
    unit = factories.UnitFactory(name="Unité Nord")
    agent = factories.itinerant_agent(unit=unit, email="agent@example.org")
    day = timezone.localdate() + dt.timedelta(days=6)
    factories.PassageFactory(
        site=factories.SiteFactory(tour=factories.TourFactory(unit=unit), name="Mairie de Dunes"),
        date=day,
        starts_at=dt.time(9),
        ends_at=dt.time(12),
    )
    visit = factories.HomeVisitRequestFactory()

    page = login(browser_page, live_server, agent)
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{live_server.url}{visit.get_absolute_url()}")
    page.get_by_label("Date de la visite").fill(f"{day:%Y-%m-%d}")
    page.get_by_label("Heure").fill("10:00")
    page.get_by_label("Unité").select_option(label="Unité Nord")
    page.get_by_role("button", name="Planifier").click()

    expect(
        page.get_by_text("L'unité Unité Nord est attendue au même moment à Mairie de Dunes")
    ).to_be_visible()
    assert_no_axe_violation(page)
    assert HomeVisitRequest.objects.get().status == VisitStatus.SUBMITTED
    page.get_by_label("Planifier quand même, malgré les points signalés ci-dessus").check()
    page.get_by_role("button", name="Planifier").click()

    expect(page.get_by_text("malgré les points signalés")).to_be_visible()
    assert HomeVisitRequest.objects.get().status == VisitStatus.SCHEDULED

"""A counsellor finds the CPAM referent for their area with "Qui contacter ?", opens the structure of
Molières from the structure search and reads its hours; axe finds no violation on the directory's
list, detail, edit, partner and "Qui contacter ?" pages; the print button works only with JavaScript."""

import datetime as dt

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from annuaire.enums import Weekday
from tests import factories
from tests.browser.pages import assert_no_axe_violation, login

pytestmark = pytest.mark.browser


@pytest.fixture
def directory(structure):
    """Molières with its week, the CPAM and the CAF with their referents, and another structure."""
    for day in (Weekday.MONDAY, Weekday.TUESDAY, Weekday.THURSDAY):
        factories.OpeningHoursFactory(structure=structure, weekday=day, opens=dt.time(9), closes=dt.time(12))
        factories.OpeningHoursFactory(
            structure=structure, weekday=day, opens=dt.time(13, 30), closes=dt.time(17)
        )
    factories.OpeningHoursFactory(structure=structure, weekday=Weekday.WEDNESDAY)
    elsewhere = factories.StructureFactory(name="France Services de Laguépie", slug="fs-laguepie")
    cpam = factories.PartnerFactory(name="Caisse primaire d'assurance maladie", acronym="CPAM", slug="cpam")
    caf = factories.PartnerFactory(name="Caisse d'allocations familiales", acronym="CAF", slug="caf")
    structure.partners.add(cpam, caf)
    ours = factories.PartnerReferentFactory(
        partner=cpam, full_name="Olivier Exemple", territory="", phone="05 63 00 01 11"
    )
    ours.structures.add(structure)
    theirs = factories.PartnerReferentFactory(partner=cpam, full_name="Bernard Ailleurs", territory="")
    theirs.structures.add(elsewhere)
    factories.PartnerReferentFactory(partner=caf, full_name="Nadia Exemple", territory="Tout le 82")
    factories.PermanenceFactory(partner=cpam, structure=structure, monthly=True)
    return {"cpam": cpam, "caf": caf, "elsewhere": elsewhere}


def test_counsellor_finds_their_cpam_referent_then_the_hours_of_molieres(
    browser_page, live_server, conseiller, structure, directory
):
    page = login(browser_page, live_server, conseiller)

    page.goto(f"{live_server.url}{reverse('annuaire:referent_search')}")
    search = page.get_by_role("search", name="Rechercher un référent")
    search.get_by_label("Partenaire").select_option(label="CPAM")
    search.get_by_label("Structure couverte").select_option(label="MSAP La Poste de Molières")
    search.get_by_role("button", name="Rechercher").click()
    results = page.get_by_role("main").get_by_role("listitem")
    expect(results.filter(has_text="Olivier Exemple").get_by_text("05 63 00 01 11")).to_be_visible()
    assert results.filter(has_text="Bernard Ailleurs").count() == 0
    expect(page.get_by_role("heading", name="1 référent")).to_be_visible()

    page.goto(f"{live_server.url}{reverse('annuaire:structure_list')}")
    search = page.get_by_role("search", name="Rechercher une structure")
    search.get_by_label("Nom ou commune").fill("molieres")
    search.get_by_role("button", name="Rechercher").click()
    page.get_by_role("link", name="MSAP La Poste de Molières").click()

    assert page.get_by_role("heading", level=1).inner_text() == "MSAP La Poste de Molières"
    week = page.get_by_role("table", name="Horaires habituels de la semaine")
    assert (
        week.get_by_role("row", name="Lundi").get_by_role("cell").inner_text()
        == "9\u00a0h\u00a0– 12\u00a0h et 13\u00a0h\u00a030\u00a0– 17\u00a0h"
    )
    wednesday = week.get_by_role("row", name="Mercredi").get_by_role("cell")
    assert wednesday.inner_text() == "9\u00a0h\u00a0– 12\u00a0h"
    assert week.get_by_role("row", name="Vendredi").get_by_role("cell").inner_text() == "Fermé"
    cpam_heading = page.get_by_role("heading", name="Caisse primaire d'assurance maladie (1 référent)")
    expect(cpam_heading).to_be_visible()


def _pages(structure, directory):
    """Each page's address and its main heading (so that axe checks the page, not an error page)."""
    return {
        "structure_list": (reverse("annuaire:structure_list"), "Structures France Services"),
        "structure_detail": (structure.get_absolute_url(), structure.name),
        "structure_edit": (
            reverse("annuaire:structure_edit", kwargs={"slug": structure.slug}),
            f"Modifier la fiche de {structure.name}",
        ),
        "partner_detail": (
            directory["cpam"].get_absolute_url(),
            "Caisse primaire d'assurance maladie (CPAM)",
        ),
        "referent_search": (
            reverse("annuaire:referent_search") + f"?partner={directory['cpam'].pk}",
            "Qui contacter\u202f?",
        ),
    }


@pytest.mark.parametrize(
    "page_name", ["structure_list", "structure_detail", "structure_edit", "partner_detail", "referent_search"]
)
def test_directory_pages_have_no_accessibility_violation(
    browser_page, live_server, conseiller, structure, directory, page_name
):
    page = login(browser_page, live_server, conseiller)
    url, heading = _pages(structure, directory)[page_name]
    page.goto(f"{live_server.url}{url}")
    assert page.get_by_role("heading", level=1).inner_text() == heading
    assert_no_axe_violation(page)


def test_print_button_prints_the_structure_page(browser_page, live_server, conseiller, structure, directory):
    page = login(browser_page, live_server, conseiller)
    # Chromium's print dialog would block the test: record the call instead.
    page.add_init_script("window.print = () => { window.printed = (window.printed || 0) + 1; };")
    page.goto(f"{live_server.url}{structure.get_absolute_url()}")
    page.get_by_role("button", name="Imprimer cette page").click()
    assert page.evaluate("window.printed") == 1


def test_print_button_stays_hidden_without_javascript(
    chromium, live_server, conseiller, structure, directory
):
    context = chromium.new_context(locale="fr-FR", java_script_enabled=False)
    context.set_default_timeout(10_000)
    try:
        page = login(context.new_page(), live_server, conseiller)
        page.goto(f"{live_server.url}{directory['cpam'].get_absolute_url()}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert page.get_by_role("button", name="Imprimer cette page").count() == 0
    finally:
        context.close()


@pytest.mark.parametrize("page_name", ["partner_detail", "referent_edit"])
def test_partner_pages_as_their_referent_have_no_accessibility_violation(
    browser_page, live_server, directory, page_name
):
    cpam = directory["cpam"]
    referent_user = factories.referent(partner=cpam, email="referent.cpam@example.org")
    record = cpam.referents.get(full_name="Olivier Exemple")
    url = {
        "partner_detail": cpam.get_absolute_url(),
        "referent_edit": reverse("annuaire:referent_edit", kwargs={"pk": record.pk}),
    }[page_name]
    page = login(browser_page, live_server, referent_user)
    page.goto(f"{live_server.url}{url}")
    expect(
        page.get_by_role("button", name="Enregistrer").or_(page.get_by_role("link", name="Modifier la fiche"))
    ).to_be_visible()
    assert_no_axe_violation(page)

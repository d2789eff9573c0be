"""A counsellor fills and submits the last quarter's report; a pilotage user opens the dashboard and
downloads a table; axe finds no violation on the form and the dashboard, and each chart has an
accessible name and its table."""

import csv
import io
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from reporting.enums import ReportStatus
from reporting.models import QuarterlyReport
from reporting.quarters import Quarter
from tests import factories
from tests.browser.pages import assert_no_axe_violation, login

pytestmark = pytest.mark.browser


def test_a_counsellor_fills_and_submits_a_quarter(browser_page, live_server, conseiller, structure, partner):
    quarter = Quarter.current().previous()
    page = login(browser_page, live_server, conseiller)
    page.get_by_role("link", name="Rapports", exact=True).click()
    page.get_by_role("link", name="Rapports trimestriels d'activité").click()
    page.get_by_role("link", name=f"Remplir le rapport de {structure.name}").click()
    expect(page.get_by_role("heading", name=f"Rapport d'activité du {quarter}")).to_be_visible()
    assert_no_axe_violation(page)

    page.get_by_label("Personnes reçues").fill("120")
    page.get_by_label("Demandes traitées").fill("90")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(page.get_by_text("Brouillon enregistré.")).to_be_visible()

    for label, value in [
        ("Demandes transmises à un référent partenaire (niveau 2)", "4"),
        ("Personnes orientées vers une MDS", "2"),
        ("Accompagnements numériques individuels", "15"),
        ("Ateliers numériques collectifs", "1"),
        (f"Demandes pour {partner.name}", "95"),
    ]:
        page.get_by_label(label).fill(value)
    page.get_by_role("button", name="Transmettre le rapport").click()
    expect(page.get_by_role("alert")).to_contain_text("dépassent les demandes traitées")
    assert_no_axe_violation(page)

    page.get_by_label(f"Demandes pour {partner.name}").fill("40")
    page.get_by_role("button", name="Transmettre le rapport").click()
    expect(page.get_by_text(f"Le rapport du {quarter} est transmis.")).to_be_visible()
    expect(page.get_by_role("button", name="Transmettre le rapport")).to_have_count(0)
    report = QuarterlyReport.objects.get(structure=structure)
    assert report.status == ReportStatus.SUBMITTED and report.partner_lines.get().requests == 40


def test_an_itinerant_unit_s_report_comes_prefilled_from_its_passages(browser_page, live_server, partner):
    quarter = Quarter.current().previous()
    vehicle = factories.UnitFactory()
    passage = factories.PassageFactory(
        site__tour__unit=vehicle, date=quarter.first_day, held=True, oriented_to_mds=1, digital_sessions=2
    )
    passage.counts.create(partner=partner, people=3)
    agent = factories.counsellor(structure=vehicle.structure)
    page = login(browser_page, live_server, agent)
    page.goto(
        live_server.url
        + reverse("reporting:report_detail", args=[vehicle.structure.slug, quarter.year, quarter.number])
    )

    people = page.get_by_label("Personnes reçues")
    expect(people).to_have_value("5")
    expect(people).to_have_accessible_description(re.compile("prérempli depuis les passages"))
    expect(page.get_by_label(f"Demandes pour {partner.name}")).to_have_value("3")
    assert_no_axe_violation(page)

    people.fill("6")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(page.get_by_text("Brouillon enregistré.")).to_be_visible()
    expect(page.get_by_label("Personnes reçues")).to_have_value("6")
    assert QuarterlyReport.objects.get().people_received == 6


def test_pilotage_opens_the_dashboard_and_downloads_a_table(
    browser_page, live_server, pilotage, structure, partner, tmp_path
):
    quarter = Quarter.current().previous()
    factories.QuarterlyReportFactory(
        structure=structure, year=quarter.year, quarter=quarter.number, submitted=True, partners={partner: 30}
    )
    page = login(browser_page, live_server, pilotage)
    page.get_by_role("link", name="Tableau de bord du réseau").first.click()
    expect(page.get_by_role("heading", name="Tableau de bord du réseau", level=1)).to_be_visible()
    assert_no_axe_violation(page)

    charts = page.get_by_role("img")
    tables = page.locator("table")
    assert charts.count() == tables.count() > 0
    for index in range(charts.count()):
        name = charts.nth(index).get_attribute("aria-labelledby").split()[0]
        title = page.locator(f"[id='{name}']").text_content()
        expect(page.get_by_role("img", name=title)).to_have_count(1)
        expect(page.get_by_role("table", name=f"Données du graphique « {title} »")).to_have_count(1)

    with page.expect_download() as download_info:
        page.get_by_role(
            "link", name=f"CSV — Personnes reçues et demandes traitées par structure, {quarter}"
        ).click()
    path = tmp_path / "structures.csv"
    download_info.value.save_as(path)
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert rows[1][:3] == [structure.name, "100", "80"]


def test_the_report_list_page_has_no_axe_violation(browser_page, live_server, pilotage, structure):
    page = login(browser_page, live_server, pilotage)
    page.goto(f"{live_server.url}{reverse('reporting:report_list')}")
    expect(page.get_by_role("table")).to_be_visible()
    assert_no_axe_violation(page)

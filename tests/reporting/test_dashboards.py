"""The network's dashboards: the sums of the reports they read, rights, filters, exports, query counts."""

import csv
import io
import re

import openpyxl
import pytest
from django.urls import reverse

from annuaire.enums import StructureKind
from fichiers.enums import DocumentCategory
from tests import factories

pytestmark = pytest.mark.usefixtures("july")
URL = reverse("reporting:dashboard")


def export(client, table, file_format="csv", **params):
    return client.get(reverse("reporting:dashboard_export", args=[table, file_format]), params)


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


@pytest.fixture
def network(structure, partner):
    """Two structures' submitted T2 2026 reports, a draft (not counted) and an older quarter."""
    unit = factories.StructureFactory(name="Unité itinérante Nord", kind=StructureKind.ITINERANT)
    cpam = factories.PartnerFactory(name="Caisse primaire d'assurance maladie", acronym="CPAM")
    factories.QuarterlyReportFactory(
        structure=structure, submitted=True, people_received=100, requests_handled=80, partners={partner: 30}
    )
    factories.QuarterlyReportFactory(
        structure=unit,
        submitted=True,
        people_received=40,
        requests_handled=25,
        itinerant_passages=12,
        partners={partner: 5, cpam: 9},
    )
    factories.QuarterlyReportFactory(structure=factories.StructureFactory(), people_received=999)  # a draft
    factories.QuarterlyReportFactory(structure=structure, quarter=1, submitted=True, requests_handled=60)
    return {"unit": unit, "cpam": cpam}


def test_the_dashboard_sums_are_the_sums_of_the_submitted_reports(client, pilotage, network, partner):
    client.force_login(pilotage)

    structures = {row[0]: row for row in csv_rows(export(client, "structures"))}
    partners = {row[0]: row for row in csv_rows(export(client, "partenaires"))}
    kinds = {row[0]: row for row in csv_rows(export(client, "types"))}
    trend = {row[0]: row for row in csv_rows(export(client, "tendance"))}

    assert structures["MSAP La Poste de Molières"][1:3] == ["100", "80"]
    assert structures["Unité itinérante Nord"][1:3] == ["40", "25"]
    assert structures["Unité itinérante Nord"][-1] == "12"  # its passages, which no fixed structure has
    assert structures["MSAP La Poste de Molières"][-1] == ""
    assert len(structures) == 3  # the header and two structures: the draft is not counted
    assert partners["CAF"][2] == "35" and partners["CPAM"][2] == "9"
    assert kinds["Unité itinérante"][1:] == ["1", "40", "25", "12"]
    assert kinds["France Services fixe"][1:] == ["1", "100", "80", ""]
    assert trend["T2 2026"][2] == "105" and trend["T1 2026"][2] == "60"


def test_a_year_adds_up_its_quarters(client, pilotage, network):
    client.force_login(pilotage)

    rows = {row[0]: row for row in csv_rows(export(client, "structures", periode="annee", annee=2026))}

    assert rows["MSAP La Poste de Molières"][2] == "140"  # 80 in T2 and 60 in T1


def test_every_chart_is_named_and_followed_by_its_table(client, pilotage, network):
    client.force_login(pilotage)

    page = client.get(URL).content.decode()

    charts = re.findall(r'<svg [^>]*role="img" aria-labelledby="([^"]+)"', page)
    assert len(charts) == 9
    assert page.count('<caption class="caption-top">Données du graphique') == len(charts)
    assert "<script" not in page.split("<main", 1)[1].split("</main>", 1)[0]


def test_a_counsellor_sees_only_their_structure(client, conseiller, network):
    client.force_login(conseiller)

    page = client.get(URL).content.decode()
    rows = csv_rows(export(client, "structures"))

    assert "Unité itinérante Nord" not in page
    assert [row[0] for row in rows[1:]] == ["MSAP La Poste de Molières"]
    assert "Délais de réponse du forum" not in page


def test_a_referent_sees_only_their_partner_s_lines(client, referent, network):
    client.force_login(referent)

    page = client.get(URL).content.decode()
    rows = csv_rows(export(client, "partenaires"))

    assert "Activité des structures" not in page and "Personnes reçues" not in page
    assert [row[0] for row in rows[1:]] == ["CAF"]
    assert export(client, "structures").status_code == 404


def test_someone_attached_to_nothing_is_refused(client, db):
    client.force_login(factories.UserFactory())

    assert client.get(URL).status_code == 403


def test_filters_are_in_the_address(client, pilotage, network, partner):
    client.force_login(pilotage)

    page = client.get(URL, {"structure": network["unit"].slug, "partenaire": "caf"}).content.decode()
    rows = csv_rows(export(client, "partenaires", structure=network["unit"].slug, partenaire="caf"))

    assert "Unité itinérante Nord" in page
    assert "partenaire=caf" in page  # the download links keep the filters
    assert rows[1:] == [["CAF", "national", "5", "0"]]


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "ods"])
def test_every_table_downloads(client, pilotage, network, file_format):
    client.force_login(pilotage)

    response = export(client, "structures", file_format)

    assert response.status_code == 200
    assert f'filename="rapports-structures-T2-2026.{file_format}"' in response["Content-Disposition"]
    if file_format == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        assert sheet["A1"].value == "Structure" and sheet["B2"].value == 100


def test_unknown_tables_and_formats_are_not_found(client, pilotage):
    client.force_login(pilotage)

    assert export(client, "inconnu").status_code == 404
    assert export(client, "structures", "pdf").status_code == 404


def test_structures_lacking_the_minimum_files_are_listed(client, pilotage, structure):
    complete = factories.StructureFactory(name="France Services complète")
    for category in (DocumentCategory.LEAFLET, DocumentCategory.ATTENDANCE, DocumentCategory.ANNUAL_REPORT):
        factories.DocumentFactory(structure=complete, category=category, year=2025)
    factories.DocumentFactory(structure=structure, category=DocumentCategory.LEAFLET, year=2020)
    client.force_login(pilotage)

    rows = csv_rows(export(client, "fichiers"))

    assert rows[1:] == [["MSAP La Poste de Molières", "présent", "manquant", "manquant"]]


def test_the_dashboard_costs_the_same_queries_with_more_structures(
    client, pilotage, network, queries_stay_flat
):
    client.force_login(pilotage)

    def grow():
        for _ in range(5):
            more = factories.StructureFactory()
            factories.counsellor(structure=more)
            factories.QuarterlyReportFactory(structure=more, submitted=True, partners={network["cpam"]: 3})
            factories.QuarterlyReportFactory(structure=more, quarter=1, submitted=True)

    count = queries_stay_flat(URL, grow)
    assert count <= 25


def test_pilotage_s_home_leads_to_what_needs_action(client, pilotage, structure, network):
    client.force_login(pilotage)

    page = client.get(reverse("home")).content.decode()

    assert "À traiter dans le réseau" in page
    assert "sans rapport d&#x27;activité transmis pour le T2 2026" in page
    assert reverse("reporting:dashboard") in page

"""CSV, XLSX and ODS exports of the structure list: content, formula neutralisation, members only."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from extranet.spreadsheets.reading import read_table
from tests import factories


@pytest.fixture
def structures(structure):
    structure.phone = "05 63 00 00 01"
    structure.save()
    structure.partners.add(factories.PartnerFactory(acronym="CAF"))
    factories.StructureFactory(name='=HYPERLINK("http://example.org")', address="+33 rue du Piège")
    return structure


def test_csv_export(client, conseiller, structures):
    client.force_login(conseiller)
    response = client.get(reverse("annuaire:structure_export_csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Structure"
    by_name = {row[0]: row for row in rows[1:]}
    assert len(by_name) == 2
    assert by_name["MSAP La Poste de Molières"][7:] == ["05 63 00 00 01", "CAF"]
    assert '\'=HYPERLINK("http://example.org")' in by_name
    assert by_name['\'=HYPERLINK("http://example.org")'][3] == "'+33 rue du Piège"


def test_export_follows_the_search(client, conseiller, structures):
    client.force_login(conseiller)
    response = client.get(reverse("annuaire:structure_export_csv"), {"q": "molieres"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert [row[0] for row in rows[1:]] == ["MSAP La Poste de Molières"]


def test_xlsx_export(client, conseiller, structures):
    client.force_login(conseiller)
    response = client.get(reverse("annuaire:structure_export_xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][0] == "Structure"
    names = [row[0] for row in values[1:]]
    assert '\'=HYPERLINK("http://example.org")' in names
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_ods_export(client, conseiller, structures):
    client.force_login(conseiller)
    response = client.get(reverse("annuaire:structure_export_ods"))
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.spreadsheet"
    assert response["Content-Disposition"].startswith('attachment; filename="structures-france-services-82-')
    table = read_table(response.content)
    assert table.headers[0] == "Structure"
    assert sorted(row[0] for row in table.rows) == [
        '\'=HYPERLINK("http://example.org")',
        "MSAP La Poste de Molières",
    ]


def test_list_page_offers_the_three_formats(client, conseiller, structures):
    client.force_login(conseiller)
    page = client.get(reverse("annuaire:structure_list"), {"q": "molieres"}).content.decode()
    for name in ("structure_export_csv", "structure_export_xlsx", "structure_export_ods"):
        assert f"{reverse(f'annuaire:{name}')}?q=molieres" in page


@pytest.mark.parametrize(
    "name",
    ["annuaire:structure_export_csv", "annuaire:structure_export_xlsx", "annuaire:structure_export_ods"],
)
def test_exports_need_login(client, structures, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert b"HYPERLINK" not in response.content

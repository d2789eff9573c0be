"""Table downloads (extranet.spreadsheets.writing): French-Excel CSV, XLSX, ODS, never a formula."""

import csv
import datetime as dt
import io

import openpyxl
import pytest

from extranet.spreadsheets.reading import read_table
from extranet.spreadsheets.writing import (
    Sheet,
    neutralise_formula,
    restore_formula_text,
    table_response,
    workbook_bytes,
)

# Every way a cell can start a formula: the triggers, and the triggers after leading blanks.
DANGEROUS = [
    "=1+1",
    '=HYPERLINK("http://example.org")',
    "+33 5 63 00 00 01",
    "-2+3",
    "@SUM(A1)",
    "\t=1+1",
    "\tplain text after a tab",
    "\nplain text after a line break",
    "\r=1+1",
    "\rplain text after a carriage return",
    "   =1+1",
    "\n=1+1",
    "\r\n+1",
    " \n @SUM(A1)",
    "\xa0-1",
    "'=1+1",  # already looks escaped: escaped once more, so that it comes back as typed
]
HARMLESS = ["Bonjour", "05 63 00 00 01", "a=b", "Hélène Féraud", "", "l'Honor-de-Cos", "2 - 1"]


@pytest.mark.parametrize("value", DANGEROUS)
def test_every_formula_trigger_is_neutralised_and_restored(value):
    safe = neutralise_formula(value)
    assert safe == "'" + value
    assert restore_formula_text(safe) == value


@pytest.mark.parametrize("value", HARMLESS)
def test_harmless_text_is_left_alone(value):
    assert neutralise_formula(value) == value
    assert restore_formula_text(value) == value


def download(file_format):
    rows = [[value, 12, dt.date(2026, 3, 1)] for value in DANGEROUS + HARMLESS]
    return table_response("liste « été »", file_format, ["Texte", "Nombre", "Date"], rows, title="Liste")


def test_csv_is_what_french_excel_opens():
    response = download("csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"]
        == "attachment; filename*=utf-8''liste%20%C2%AB%20%C3%A9t%C3%A9%20%C2%BB.csv"
    )
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0] == ["Texte", "Nombre", "Date"]
    texts = [row[0] for row in rows[1:]]
    assert texts == ["'" + value for value in DANGEROUS] + HARMLESS
    assert {row[1] for row in rows[1:]} == {"12"}


def test_xlsx_has_no_formula_and_keeps_numbers_and_dates():
    response = download("xlsx")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Liste"
    cells = list(sheet.iter_rows(min_row=2))
    assert not [cell for row in cells for cell in row if cell.data_type == "f"]
    # XML keeps no carriage return: a spreadsheet reads a line break there.
    expected = ["'" + value.replace("\r\n", "\n").replace("\r", "\n") for value in DANGEROUS] + HARMLESS
    assert [row[0].value or "" for row in cells] == expected
    assert cells[0][1].value == 12
    assert cells[0][2].value.date() == dt.date(2026, 3, 1)


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "ods"])
def test_every_download_reads_back_to_what_was_written(file_format):
    response = download(file_format)
    assert response["Content-Disposition"].endswith(f".{file_format}")
    table = read_table(response.content)
    assert table.headers == ["Texte", "Nombre", "Date"]
    assert [restore_formula_text(row[0] or "") for row in table.rows] == [
        value.replace("\r\n", "\n").replace("\r", "\n") for value in DANGEROUS + HARMLESS
    ]
    if file_format != "csv":  # CSV has no types: what a spreadsheet shows as 12 and 01/03/2026
        assert {row[1] for row in table.rows} == {12}
        assert {row[2] for row in table.rows} == {dt.date(2026, 3, 1)}


def ods_sheet_names(content: bytes) -> list[str]:
    from odf.opendocument import load
    from odf.table import Table

    document = load(io.BytesIO(content))
    return [table.getAttribute("name") for table in document.spreadsheet.getElementsByType(Table)]


def test_a_workbook_has_one_sheet_per_table_and_no_formula():
    sheets = [
        Sheet("Par mois", ["Mois", "Connexions"], [["janvier", 3], ["=1+1", 2.5]]),
        Sheet("Un titre de feuille beaucoup trop long pour un onglet", ["Rôle"], [["Conseiller"]]),
    ]
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(sheets, "xlsx")))
    assert book.sheetnames == ["Par mois", "Un titre de feuille beaucoup tr"]
    assert [[cell.value for cell in row] for row in book["Par mois"].rows] == [
        ["Mois", "Connexions"],
        ["janvier", 3],
        ["'=1+1", 2.5],
    ]
    assert ods_sheet_names(workbook_bytes(sheets, "ods")) == ["Par mois", "Un titre de feuille beaucoup tr"]

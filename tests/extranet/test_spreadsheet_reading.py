"""Reading any table file as people save it (extranet.spreadsheets.reading)."""

import datetime as dt
import io
import zipfile

import pytest

from extranet.spreadsheets.reading import TableReadError, read_table
from tests.spreadsheet_files import csv_file, ods_file, xlsx_file

ROWS = [
    ["Nom", "Prénom", "Code INSEE", "Téléphone", "Né le"],
    ["Féraud", "Hélène", 82127, 563000001, dt.date(1980, 5, 17)],
    ["Œuvre « test »", "Zoé", 82001, 612345678, dt.date(2001, 12, 31)],
]
TEXT_ROWS = [[str(cell) for cell in row] for row in ROWS]


@pytest.mark.parametrize(
    ("options"),
    [
        {"encoding": "cp1252", "delimiter": ";", "newline": "\r\n"},  # Excel on a French PC
        {"encoding": "utf-8", "delimiter": ";", "newline": "\r\n", "bom": True},  # Excel « CSV UTF-8 »
        {"encoding": "utf-8", "delimiter": ",", "newline": "\n"},  # LibreOffice's default
        {"encoding": "utf-8", "delimiter": "\t", "newline": "\n"},
        {"encoding": "utf-16", "delimiter": "\t", "newline": "\r\n"},  # Excel « Texte Unicode »
    ],
    ids=["cp1252-semicolon-crlf", "utf8-bom", "utf8-comma", "tab", "utf16"],
)
def test_csv_in_every_encoding_and_separator_reads_the_same(options):
    table = read_table(csv_file(TEXT_ROWS, **options))
    assert table.headers == ["Nom", "Prénom", "Code INSEE", "Téléphone", "Né le"]
    assert table.rows == TEXT_ROWS[1:]
    assert table.rows[0][:2] == ["Féraud", "Hélène"]  # never « HÃ©lÃ¨ne »
    assert table.row_numbers == [2, 3]


def test_quoted_cells_keep_their_line_breaks_and_separators_and_rows_are_numbered_as_shown():
    rows = [
        ["nom", "fermetures"],
        ["Molières", "24/12/2026-26/12/2026 Noël\r\n01/05/2027 Fête du travail"],
        [],
        ["Laguépie", "a; b, c"],
        ["", ""],
    ]
    table = read_table(csv_file(rows))
    assert table.rows == [
        ["Molières", "24/12/2026-26/12/2026 Noël\n01/05/2027 Fête du travail"],
        ["Laguépie", "a; b, c"],
    ]
    # The empty row is skipped but counted: Laguépie is on the spreadsheet's row 4.
    assert table.row_numbers == [2, 4]


def test_a_comma_inside_quoted_headers_does_not_decide_the_separator():
    table = read_table('"Nom, prénom";"E-mail"\r\nHélène;h@example.org\r\n'.encode("cp1252"))
    assert table.headers == ["Nom, prénom", "E-mail"]
    assert table.rows == [["Hélène", "h@example.org"]]


def test_xlsx_keeps_dates_and_numbers_and_drops_empty_trailing_rows_and_columns():
    table = read_table(xlsx_file(ROWS))
    assert table.headers == ROWS[0]
    assert table.rows == ROWS[1:]
    assert isinstance(table.rows[0][2], int) and isinstance(table.rows[0][4], dt.date)
    assert table.row_numbers == [2, 3]


def test_ods_as_libreoffice_writes_it():
    rows = [
        *ROWS,
        ["Même", "Même", 82001, None, None],
        ["Deux lignes\nsur une cellule", "  espaces", 1.5, "", ""],
    ]
    content = ods_file(rows)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert b'number-columns-repeated="2"' in archive.read("content.xml")
    table = read_table(content)
    assert table.headers == ROWS[0]
    assert table.rows == [
        *ROWS[1:],
        ["Même", "Même", 82001, None, None],
        ["Deux lignes\nsur une cellule", "  espaces", 1.5, None, None],
    ]
    assert table.row_numbers == [2, 3, 4, 5]


def test_an_empty_column_in_the_middle_keeps_the_columns_after_it_in_place():
    table = read_table(ods_file([["a", None, "c"], ["1", None, "3"]]))
    assert table.headers == ["a", "", "c"]
    assert table.rows == [["1", None, "3"]]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Le fichier est vide"),
        (b"\r\n;;\r\n", "Le fichier est vide"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "Excel 97-2003"),
        (b"PK\x03\x04 not really a zip", "endommagé"),
    ],
)
def test_unreadable_files_are_explained_in_french(content, message):
    with pytest.raises(TableReadError, match=message):
        read_table(content)


def test_a_zip_that_is_not_a_spreadsheet_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    with pytest.raises(TableReadError, match="n'est pas un tableur"):
        read_table(buffer.getvalue())

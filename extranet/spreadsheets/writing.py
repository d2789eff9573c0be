"""Table downloads (CSV, XLSX, ODS) that a spreadsheet opens right and never runs as formulae.

A cell that starts with `=`, `+`, `-` or `@` is run as a formula when the file is opened: a phone
number typed `=HYPERLINK(…)` in a form would then leak data from the reader's computer (CSV/formula
injection). Spreadsheets also skip leading spaces and line breaks before reading a formula, and a tab
or carriage return at the start is itself a trigger (and so is a line break, which XLSX and ODS
store in place of a carriage return). django-import-export's own
`IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT` only *removes* a leading `=` (it alters the text and lets
`+ - @` through), so every download goes through `neutralise_formula` instead: such a text gets a
leading apostrophe (the OWASP advice), the spreadsheet shows it as text, and `restore_formula_text`
takes the apostrophe off again on import, so an exported file imports back to the same values.

CSV is written the way French Excel opens it without an import wizard: `;` between cells and UTF-8
with a byte-order mark (without it Excel reads the accents as Windows-1252).
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import NamedTuple

import tablib
from django.http import HttpResponse
from django.utils.http import content_disposition_header

FORMULA_TRIGGERS = ("=", "+", "-", "@")
# Characters a spreadsheet skips before it looks for a formula trigger.
LEADING_BLANKS = " \t\r\n\xa0"
ESCAPE = "'"

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}
# What the download links say, in the order they are offered.
FORMAT_LABELS = {"csv": "CSV", "xlsx": "Excel (XLSX)", "ods": "LibreOffice (ODS)"}


def needs_neutralising(value: str) -> bool:
    """Whether a spreadsheet could read `value` as a formula (or it starts like an escaped one)."""
    if value.startswith(("\t", "\r", "\n")) or value.lstrip(LEADING_BLANKS).startswith(FORMULA_TRIGGERS):
        return True
    # A text that itself starts with the escape before such a value gets one more, so that
    # `restore_formula_text` gives it back exactly ("'=x" is exported "''=x").
    return value.startswith(ESCAPE) and needs_neutralising(value[1:])


def neutralise_formula(value):
    """The value as a spreadsheet shows it: as text, never as a formula."""
    if isinstance(value, str) and needs_neutralising(value):
        return ESCAPE + value
    return value


def restore_formula_text(value):
    """Undo `neutralise_formula` (only for the apostrophes it added)."""
    if isinstance(value, str) and value.startswith(ESCAPE) and needs_neutralising(value[1:]):
        return value[1:]
    return value


def _cell(value):
    # Numbers and dates stay native in XLSX/ODS (they cannot hold a formula); None is an empty cell.
    if value is None:
        return ""
    if isinstance(value, (int, float, dt.date, dt.time)) and not isinstance(value, bool):
        return value
    return neutralise_formula(str(value))


def neutralised(dataset: tablib.Dataset) -> tablib.Dataset:
    """A copy of `dataset` whose every text cell is safe to open (see the module docstring)."""
    safe = tablib.Dataset(headers=[_cell(h) for h in dataset.headers or []], title=dataset.title)
    for row in dataset:
        safe.append([_cell(value) for value in row])
    return safe


def table_bytes(dataset: tablib.Dataset, file_format: str) -> bytes:
    """The file's content; `dataset` must already be neutralised."""
    if file_format == "csv":
        return ("\ufeff" + dataset.export("csv", delimiter=";")).encode("utf-8")
    if file_format in ("xlsx", "ods"):
        return dataset.export(file_format)
    raise ValueError(f"Unknown table format: {file_format}")


def download_response(
    content: bytes, filename: str, content_type: str, *, inline: bool = False
) -> HttpResponse:
    """A file made in memory, as a download named the RFC 6266 way (Django's FileResponse header).

    `inline` asks the browser to show the file in place (a PDF in its viewer) rather than save it;
    the name is kept for when the reader saves it.
    """
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    return response


def table_response(
    filename: str, file_format: str, headers: Sequence[str], rows: Iterable[Sequence], *, title: str = ""
) -> HttpResponse:
    """A download of a table: `filename` without its extension, `file_format` one of CONTENT_TYPES."""
    dataset = tablib.Dataset(*rows, headers=list(headers), title=title[:31] or None)
    content = table_bytes(neutralised(dataset), file_format)
    return download_response(content, f"{filename}.{file_format}", CONTENT_TYPES[file_format])


class Sheet(NamedTuple):
    """One sheet of a workbook: its tab's name (at most 31 characters), its header row and rows."""

    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence]


WORKBOOK_FORMATS = ("xlsx", "ods")


def workbook_bytes(sheets: Iterable[Sheet], file_format: str) -> bytes:
    """A workbook of several sheets (XLSX or ODS: CSV holds one table only), formulas neutralised."""
    if file_format not in WORKBOOK_FORMATS:
        raise ValueError(f"Unknown workbook format: {file_format}")
    book = tablib.Databook()
    for sheet in sheets:
        dataset = tablib.Dataset(*sheet.rows, headers=list(sheet.headers), title=sheet.title[:31])
        book.add_sheet(neutralised(dataset))
    return book.export(file_format)


def workbook_response(filename: str, file_format: str, sheets: Iterable[Sheet]) -> HttpResponse:
    """A download of a workbook: `filename` without its extension, `file_format` xlsx or ods."""
    content = workbook_bytes(sheets, file_format)
    return download_response(content, f"{filename}.{file_format}", CONTENT_TYPES[file_format])

"""Any table file as people save it — CSV, XLSX or ODS — read as a header and numbered rows.

The kind of file is found from its content, never from its name or a format picked in a form:
- XLSX (Excel, LibreOffice's « Excel 2007-365 »): a ZIP holding `xl/workbook.xml`;
- ODS (LibreOffice's own format): a ZIP whose `mimetype` says so;
- anything else is CSV: the encoding is UTF-8 (with or without a byte-order mark), UTF-16 with its
  mark (Excel's « Texte Unicode »), or else Windows-1252 (what Excel writes on a French Windows PC);
  the separator is the one of `;`, `,` or tab found most often in the header line; CRLF or LF, and
  quoted cells may hold line breaks.

Cells keep their type: numbers stay numbers (an `int` when whole), date cells become `date` (or
`datetime` when they hold a time), text stays text. What a column means — a code whose leading zeros
a spreadsheet dropped, a date — is for the import that knows the columns (see `imports`).

The first non-empty row is the header. Empty rows are skipped and empty trailing columns dropped,
but every row keeps the number the spreadsheet shows beside it (the header's row is 1 when it is the
first line), so an error can name the row the person sees.
"""

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

import tablib
from defusedxml import ElementTree
from openpyxl import load_workbook

ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
SEPARATORS = (";", ",", "\t")
# A file this many rows long is not a list someone keeps by hand: refuse it rather than fill memory.
MAX_ROWS = 100_000


class TableReadError(ValueError):
    """The file cannot be read as a table; the message says why, in French, for the person."""


@dataclass
class Table:
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    # The file's row number of each row (the spreadsheet's numbering), for messages.
    row_numbers: list[int] = field(default_factory=list)

    def dataset(self) -> tablib.Dataset:
        """The table as a tablib Dataset, its file row numbers in `dataset.row_numbers`."""
        dataset = tablib.Dataset(*self.rows, headers=self.headers)
        dataset.row_numbers = list(self.row_numbers)
        return dataset


def read_table(content: bytes) -> Table:
    """The table in a CSV, XLSX or ODS file's content; `TableReadError` if there is none."""
    if content.startswith(b"PK\x03\x04"):
        raw_rows = _zip_rows(content)
    elif content.startswith(b"\xd0\xcf\x11\xe0"):
        raise TableReadError(
            "Ce fichier est au format Excel 97-2003 (.xls), qui n'est pas lu : enregistrez-le au format "
            "Excel (.xlsx), LibreOffice (.ods) ou CSV, puis importez-le à nouveau."
        )
    else:
        raw_rows = _csv_rows(content)
    return _table(raw_rows)


def _table(raw_rows) -> Table:
    """Header, rows and row numbers from (row number, cells) pairs, without empty rows or columns."""
    table = None
    for number, cells in raw_rows:
        cells = [_clean(cell) for cell in cells]
        if not any(cell not in ("", None) for cell in cells):
            continue
        if table is None:
            table = Table(headers=["" if cell is None else str(cell).strip() for cell in cells])
            continue
        if len(table.rows) >= MAX_ROWS:
            raise TableReadError(
                f"Le fichier a plus de {MAX_ROWS} lignes : découpez-le en plusieurs fichiers."
            )
        table.rows.append(cells)
        table.row_numbers.append(number)
    if table is None:
        raise TableReadError("Le fichier est vide : la première ligne doit donner le nom des colonnes.")
    width = max([len(table.headers), *(len(row) for row in table.rows)])
    while width and table.headers[width - 1 :] in ([], [""]) and _column_empty(table.rows, width - 1):
        width -= 1
    table.headers = (table.headers + [""] * width)[:width]
    table.rows = [(row + [None] * width)[:width] for row in table.rows]
    return table


def _column_empty(rows: list[list], index: int) -> bool:
    return all(len(row) <= index or row[index] in ("", None) for row in rows)


def _clean(value):
    """A cell as the import wants it: whole numbers as int, midnight datetimes as dates."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    if isinstance(value, str):
        # One line ending whatever the file (XML formats cannot even keep a carriage return).
        return value.replace("\r\n", "\n").replace("\r", "\n")
    return value


# --- CSV ------------------------------------------------------------------------------------------


def decode(content: bytes) -> str:
    """The text of a CSV file, in whichever encoding a spreadsheet saved it (see the module docstring)."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16")
    if content.startswith(b"\xef\xbb\xbf"):
        return content[3:].decode("utf-8", errors="replace")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        # Not UTF-8, so an 8-bit encoding: on a French PC, Windows-1252. Its five unused bytes are
        # kept as Latin-1 so that no file is refused for one odd character.
        return content.decode("latin-1").translate(_CP1252_FROM_LATIN1)


_CP1252_FROM_LATIN1 = {
    byte: bytes([byte]).decode("cp1252") for byte in range(0x80, 0xA0) if byte not in b"\x81\x8d\x8f\x90\x9d"
}


def sniff_separator(header_line: str) -> str:
    """The separator that the header line uses most (quoted parts aside); `,` if none."""
    outside_quotes = "".join(part for index, part in enumerate(header_line.split('"')) if index % 2 == 0)
    counts = {separator: outside_quotes.count(separator) for separator in SEPARATORS}
    best = max(SEPARATORS, key=lambda separator: counts[separator])
    return best if counts[best] else ","


def _csv_rows(content: bytes):
    text = decode(content)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_separator(first_line))
    try:
        # A spreadsheet numbers records, not physical lines: a quoted cell with line breaks is one row.
        yield from enumerate(reader, start=1)
    except csv.Error as exc:
        raise TableReadError(
            f"Ligne {reader.line_num} : le fichier CSV est mal formé (guillemet non fermé ?)."
        ) from exc


# --- XLSX and ODS ---------------------------------------------------------------------------------


def _zip_rows(content: bytes):
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        names = set(archive.namelist())
        if "mimetype" in names and archive.read("mimetype").strip() == ODS_MIMETYPE:
            return _ods_rows(archive.read("content.xml"))
    except (zipfile.BadZipFile, KeyError) as exc:
        raise TableReadError("Le fichier est endommagé : il ne peut pas être ouvert.") from exc
    if "xl/workbook.xml" in names:
        return _xlsx_rows(content)
    raise TableReadError(
        "Ce fichier n'est pas un tableur : importez un fichier CSV, Excel (.xlsx) ou LibreOffice (.ods)."
    )


def _xlsx_rows(content: bytes):
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds (KeyError, InvalidFileException, XML errors)
        raise TableReadError("Le fichier Excel est endommagé : il ne peut pas être ouvert.") from exc
    sheet = workbook.worksheets[0]
    # LibreOffice and some tools write a wrong sheet size; read the rows that are really there.
    sheet.reset_dimensions()
    rows = [(number, list(row)) for number, row in enumerate(sheet.iter_rows(values_only=True), start=1)]
    workbook.close()
    return rows


OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


def _ods_rows(content_xml: bytes):
    try:
        root = ElementTree.fromstring(content_xml)
    except Exception as exc:
        raise TableReadError("Le fichier LibreOffice est endommagé : il ne peut pas être ouvert.") from exc
    sheet = root.find(f".//{{{TABLE}}}table")
    if sheet is None:
        return []
    rows, number = [], 0
    for row in sheet.iter(f"{{{TABLE}}}table-row"):
        repeat = int(row.get(f"{{{TABLE}}}number-rows-repeated", "1"))
        cells = _ods_cells(row)
        if any(cell not in ("", None) for cell in cells):
            # A repeated row with content is rare (the same line typed twice); it stays within reason.
            for offset in range(min(repeat, MAX_ROWS + 1)):
                rows.append((number + offset + 1, cells))
        number += repeat
    return rows


def _ods_cells(row: Element) -> list:
    cells, pending_empty = [], 0
    for cell in row:
        if cell.tag not in (f"{{{TABLE}}}table-cell", f"{{{TABLE}}}covered-table-cell"):
            continue
        repeat = int(cell.get(f"{{{TABLE}}}number-columns-repeated", "1"))
        value = _ods_value(cell)
        if value in ("", None):
            # LibreOffice fills a row up to column 1024 with one repeated empty cell: count, do not build.
            pending_empty += repeat
            continue
        cells.extend([None] * pending_empty)
        pending_empty = 0
        cells.extend([value] * min(repeat, 1024))
    return cells


def _ods_value(cell: Element):
    kind = cell.get(f"{{{OFFICE}}}value-type")
    if kind in ("float", "percentage", "currency"):
        number = float(cell.get(f"{{{OFFICE}}}value"))
        return int(number) if number.is_integer() else number
    if kind == "date":
        value = cell.get(f"{{{OFFICE}}}date-value")
        return dt.datetime.fromisoformat(value) if "T" in value else dt.date.fromisoformat(value)
    if kind == "boolean":
        return cell.get(f"{{{OFFICE}}}boolean-value") == "true"
    if kind == "time":
        return _ods_time(cell.get(f"{{{OFFICE}}}time-value"))
    return "\n".join(_ods_text(paragraph) for paragraph in cell.findall(f"{{{TEXT}}}p"))


def _ods_time(value: str) -> dt.time:
    # ISO 8601 duration as LibreOffice writes it: PT09H30M00S
    hours, _, rest = value.removeprefix("PT").partition("H")
    minutes, _, rest = rest.partition("M")
    seconds = float(rest.rstrip("S") or 0)
    return dt.time(int(hours) % 24, int(minutes or 0), int(seconds))


def _ods_text(element: Element) -> str:
    """A paragraph's text: spans and links kept, `text:s` spaces, tabs and line breaks restored."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == f"{{{TEXT}}}s":
            parts.append(" " * int(child.get(f"{{{TEXT}}}c", "1")))
        elif child.tag == f"{{{TEXT}}}tab":
            parts.append("\t")
        elif child.tag == f"{{{TEXT}}}line-break":
            parts.append("\n")
        else:
            parts.append(_ods_text(child))
        parts.append(child.tail or "")
    return "".join(parts)

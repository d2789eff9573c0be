"""CSV and XLSX downloads of a table, safe to open in a spreadsheet."""

import csv
import io

from django.http import HttpResponse
from openpyxl import Workbook

# A cell starting with one of these is run as a formula by spreadsheets (CSV/formula injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(filename: str, headers: list[str], rows: list[list]) -> HttpResponse:
    buffer = io.StringIO()
    # Semicolons and a byte-order mark: what French spreadsheet software opens without an import wizard.
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(headers)
    writer.writerows([neutralise(value) for value in row] for row in rows)
    return _download(("\ufeff" + buffer.getvalue()).encode("utf-8"), "text/csv; charset=utf-8", filename)


def xlsx_response(filename: str, title: str, headers: list[str], rows: list[list]) -> HttpResponse:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(headers)
    for row in rows:
        sheet.append([neutralise(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _download(
        buffer.getvalue(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", filename
    )

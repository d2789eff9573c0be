"""CSV and XLSX downloads of a table, safe to open in a spreadsheet."""

import csv
import io

from django.http import HttpResponse
from openpyxl import Workbook

from extranet.spreadsheets import neutralise_formula


def _cells(row: list) -> list[str]:
    # Every cell as text, never as a formula (see extranet.spreadsheets for the why).
    return [neutralise_formula("" if value is None else str(value)) for value in row]


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(filename: str, headers: list[str], rows: list[list]) -> HttpResponse:
    buffer = io.StringIO()
    # Semicolons and a byte-order mark: what French spreadsheet software opens without an import wizard.
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(headers)
    writer.writerows(_cells(row) for row in rows)
    return _download(("\ufeff" + buffer.getvalue()).encode("utf-8"), "text/csv; charset=utf-8", filename)


def xlsx_response(filename: str, title: str, headers: list[str], rows: list[list]) -> HttpResponse:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(headers)
    for row in rows:
        sheet.append(_cells(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _download(
        buffer.getvalue(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", filename
    )

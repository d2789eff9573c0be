"""The attendee list of an event as CSV or XLSX, for the organiser (cells safe from formula injection)."""

import csv
import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from openpyxl import Workbook

from calendrier.models import Event, Registration
from extranet.spreadsheets import neutralise_formula

HEADER = ["Nom", "Prénom", "E-mail", "Rattachement", "État", "Inscrit le", "Présence"]


def _attendance(registration: Registration) -> str:
    return {True: "présent", False: "absent", None: ""}[registration.attended]


def rows(registrations: list[Registration]) -> list[list[str]]:
    return [
        [
            neutralise_formula(cell)
            for cell in (
                r.user.last_name,
                r.user.first_name,
                r.user.email,
                ", ".join(str(m.structure or m.partner) for m in r.user.memberships.all()),
                r.get_status_display(),
                timezone.localtime(r.created_at).strftime("%d/%m/%Y %H:%M"),
                _attendance(r),
            )
        ]
        for r in registrations
    ]


def attendees_response(event: Event, registrations: list[Registration], file_format: str) -> HttpResponse:
    name = f"participants-{slugify(event.title)[:50]}-{event.start_date:%Y-%m-%d}"
    if file_format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")  # what French spreadsheets expect
        writer.writerows([HEADER, *rows(registrations)])
        # The BOM makes Excel read the file as UTF-8 (accents).
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "Participants"
        for row in [HEADER, *rows(registrations)]:
            sheet.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    return response

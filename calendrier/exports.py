"""The attendee list of an event as a table download, for the organiser."""

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify

from calendrier.models import Event, Registration
from extranet.spreadsheets import table_response

HEADER = ["Nom", "Prénom", "E-mail", "Rattachement", "État", "Inscrit le", "Présence"]


def _attendance(registration: Registration) -> str:
    return {True: "présent", False: "absent", None: ""}[registration.attended]


def rows(registrations: list[Registration]) -> list[list[str]]:
    return [
        [
            r.user.last_name,
            r.user.first_name,
            r.user.email,
            ", ".join(str(m.structure or m.partner) for m in r.user.memberships.all()),
            r.get_status_display(),
            timezone.localtime(r.created_at).strftime("%d/%m/%Y %H:%M"),
            _attendance(r),
        ]
        for r in registrations
    ]


def attendees_response(event: Event, registrations: list[Registration], file_format: str) -> HttpResponse:
    name = f"participants-{slugify(event.title)[:50]}-{event.start_date:%Y-%m-%d}"
    return table_response(name, file_format, HEADER, rows(registrations), title="Participants")

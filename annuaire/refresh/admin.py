"""The yearly refresh in the admin: import/export of the directory files and the "à vérifier" page.

`RefreshImportExportMixin` gives a ModelAdmin django-import-export's two-step import (upload →
preview of what will change → confirm) with our formula-safe CSV and XLSX formats, and refuses to
report a rolled-back import as a success. `refresh_view` lists what nobody has confirmed for twelve
months, with the people who should.
"""

from django.conf import settings
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from import_export.admin import ImportExportMixin

from annuaire.refresh import reminders
from extranet.spreadsheets import SAFE_FORMATS


def _describe_failures(result, limit: int = 10) -> str:
    """ "ligne 3 : Commune « 82999 » introuvable ; ligne 7 : …" for the rows that stopped the import."""
    failures = [
        f"ligne {row.number} : "
        + " ".join(str(message) for messages_ in row.error_dict.values() for message in messages_)
        for row in result.invalid_rows
    ]
    failures += [
        f"ligne {number} : " + " ".join(str(error.error) for error in errors)
        for number, errors in result.row_errors()
    ]
    failures += [str(error.error) for error in result.base_errors]
    shown = " ; ".join(failures[:limit])
    return shown + (f" ; et {len(failures) - limit} autre(s)" if len(failures) > limit else "")


class RefreshImportExportMixin(ImportExportMixin):
    formats = SAFE_FORMATS
    import_template_name = "admin/annuaire/refresh_import.html"

    def process_result(self, result, request):
        # The confirmation re-runs the file; if the data changed since the preview and a row no
        # longer passes, the resource rolled everything back: say so instead of "Import finished".
        if result.has_errors() or result.has_validation_errors():
            failures = _describe_failures(result)
            messages.error(request, f"Rien n'a été importé : des lignes sont invalides ({failures}).")
            info = self.get_model_info()
            return HttpResponseRedirect(reverse(f"admin:{info[0]}_{info[1]}_import"))
        return super().process_result(result, request)


def _with_owners(records) -> list[tuple]:
    return [(record, reminders.owners_of(record)) for record in records]


def refresh_view(request: HttpRequest, model_admin: admin.ModelAdmin) -> HttpResponse:
    """Records nobody confirmed for twelve months, and who should (see `annuaire.refresh`)."""
    sections = [
        ("Structures", "admin:annuaire_structure_change", _with_owners(reminders.stale_structures())),
        ("Partenaires", "admin:annuaire_partner_change", _with_owners(reminders.stale_partners())),
        ("Référents", "admin:annuaire_referent_change", _with_owners(reminders.stale_referents())),
    ]
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "Fiches à faire vérifier",
        "sections": sections,
        "opts": model_admin.model._meta,
        "interval_days": settings.ANNUAIRE_REMINDER_INTERVAL_DAYS,
    }
    return TemplateResponse(request, "admin/annuaire/refresh.html", context)

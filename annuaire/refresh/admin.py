"""The yearly refresh in the admin: import/export of the directory files and the "à vérifier" page.

`RefreshImportExportMixin` gives a ModelAdmin the extranet's spreadsheet import (upload → preview of
what will change → confirm, any CSV/XLSX/ODS file, see `extranet.spreadsheets.imports`) with the
refresh's help text. `refresh_view` lists what nobody has confirmed for twelve
months, with the people who should.
"""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from import_export.forms import ConfirmImportForm

from annuaire.models import Verifiable
from annuaire.refresh import reminders
from extranet.spreadsheets.imports import SpreadsheetImportExportMixin


class RefreshConfirmForm(ConfirmImportForm):
    """The confirmation of a refresh file of structures, partners or referents."""

    mark_verified = forms.BooleanField(
        label="Marquer les fiches de ce fichier comme vérifiées aujourd'hui",
        help_text=(
            "Cochez si le fichier a été relu avec les structures et les partenaires\u00a0: chaque fiche du "
            "fichier, modifiée ou non, reçoit la date de vérification du jour (inscrite au journal)."
        ),
        required=False,
    )


class RefreshImportExportMixin(SpreadsheetImportExportMixin):
    import_template_name = "admin/annuaire/refresh_import.html"

    def get_confirm_form_class(self, request):
        if issubclass(self.model, Verifiable):
            return RefreshConfirmForm
        return super().get_confirm_form_class(request)

    def get_import_data_kwargs(self, **kwargs):
        form = kwargs.get("form")
        if isinstance(form, RefreshConfirmForm) and form.cleaned_data.get("mark_verified"):
            kwargs["mark_verified"] = True
        return super().get_import_data_kwargs(**kwargs)


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

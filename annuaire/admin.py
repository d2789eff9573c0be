from django import forms
from django.contrib import admin, messages
from django.db import models
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from import_export.forms import ConfirmImportForm

from annuaire.hours_changes import recording_hours_changes
from annuaire.models import (
    CharterSnapshot,
    Commune,
    Domain,
    ExceptionalClosure,
    Membership,
    NationalListImport,
    OpeningHours,
    Partner,
    Permanence,
    Referent,
    Structure,
    Training,
)
from annuaire.national_import import NationalConfirmForm, NationalListResource, summary
from annuaire.refresh import resources as refresh_resources
from annuaire.refresh.admin import RefreshImportExportMixin, refresh_view
from annuaire.resources import AuthorisedPersonResource
from extranet.admin import ReadOnlyAdminMixin, UserAdmin
from extranet.models import User
from extranet.spreadsheets.imports import SpreadsheetImportExportMixin


# Inlines are stacked, not tabular: Django's tabular rows give each field no label of its own (only a
# column header) and leave a header cell empty, which screen readers and axe reject.
class MembershipInline(admin.StackedInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["structure", "partner", "commune"]
    fields = ["structure", "partner", "commune", "is_active", "created_at"]
    readonly_fields = ["created_at"]


# The core's user admin, with what only the directory knows: attachments and the import of the
# list of authorised people (which names structures and partners).
admin.site.unregister(User)


class AuthorisedPeopleConfirmForm(ConfirmImportForm):
    """The confirmation of the list of authorised people, with the departures it found."""

    # The accounts the preview listed as absent from the file: only those may be deactivated.
    absent_ids = forms.CharField(widget=forms.HiddenInput(), required=False)
    deactivate_absent = forms.BooleanField(
        label="Désactiver les comptes absents de la nouvelle liste (listés ci-dessus)",
        help_text=(
            "Leurs sessions sont fermées aussitôt\u202f; rien n'est supprimé et tout est inscrit au journal."
        ),
        required=False,
    )

    def clean_absent_ids(self) -> list[int]:
        text = self.cleaned_data["absent_ids"]
        try:
            return [int(part) for part in text.split(",") if part.strip()]
        except ValueError:
            raise forms.ValidationError(
                "Liste de comptes invalide : importez le fichier à nouveau."
            ) from None


@admin.register(User)
class UserWithMembershipsAdmin(SpreadsheetImportExportMixin, UserAdmin):
    resource_classes = [AuthorisedPersonResource]
    inlines = [MembershipInline]
    import_template_name = "admin/extranet/user/import.html"
    confirm_form_class = AuthorisedPeopleConfirmForm

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None) or {}
        confirm_form, result = context.get("confirm_form"), context.get("result")
        if confirm_form is not None and result is not None:
            absent = getattr(result, "absent_accounts", [])
            confirm_form.initial["absent_ids"] = ",".join(str(user.pk) for user in absent)
            if not absent:
                del confirm_form.fields["deactivate_absent"]
        return response

    def get_import_data_kwargs(self, **kwargs):
        form = kwargs.get("form")
        if isinstance(form, AuthorisedPeopleConfirmForm) and form.cleaned_data.get("deactivate_absent"):
            kwargs["deactivate_ids"] = form.cleaned_data["absent_ids"]
        return super().get_import_data_kwargs(**kwargs)

    def add_success_message(self, result, request):
        super().add_success_message(result, request)
        deactivated = getattr(result, "deactivated", [])
        if deactivated:
            messages.success(
                request,
                f"{len(deactivated)} compte(s) absent(s) de la liste désactivé(s)\u00a0: "
                + ", ".join(user.email for user in deactivated)
                + ".",
            )


@admin.register(Commune)
class CommuneAdmin(RefreshImportExportMixin, admin.ModelAdmin):
    resource_classes = [refresh_resources.CommuneResource]
    list_display = ["name", "insee_code", "postal_code"]
    search_fields = ["name", "insee_code", "postal_code"]


class OpeningHoursInline(admin.StackedInline):
    model = OpeningHours
    extra = 0


class ExceptionalClosureInline(admin.StackedInline):
    model = ExceptionalClosure
    extra = 0


@admin.register(Structure)
class StructureAdmin(RefreshImportExportMixin, admin.ModelAdmin):
    resource_classes = [refresh_resources.StructureResource]
    inlines = [OpeningHoursInline, ExceptionalClosureInline]
    # Adds the "Fiches à vérifier" button beside import and export.
    change_list_template = "admin/annuaire/structure_change_list.html"
    list_display = ["name", "kind", "status", "commune"]
    list_filter = ["kind", "status"]
    search_fields = ["name", "commune__name"]
    list_select_related = ["commune"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["commune"]

    def get_urls(self):
        # The CCI's "à vérifier" page: /admin/annuaire/structure/a-verifier/ (staff only).
        refresh = path(
            "a-verifier/",
            self.admin_site.admin_view(lambda request: refresh_view(request, self)),
            name="annuaire_refresh",
        )
        return [refresh, *super().get_urls()]

    def save_related(self, request, form, formsets, change):
        # The inlines save the hours: a changed week is recorded and the partners told, as on the site.
        with recording_hours_changes(request.user) as hours_changes:
            if change:
                hours_changes.watch(form.instance)
            super().save_related(request, form, formsets, change)


@admin.register(Partner)
class PartnerAdmin(RefreshImportExportMixin, admin.ModelAdmin):
    resource_classes = [refresh_resources.PartnerResource]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "acronym", "is_national"]
    list_filter = ["is_national"]
    search_fields = ["name", "acronym"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "structure", "partner", "commune", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["user__email", "user__last_name", "structure__name", "partner__name", "commune__name"]
    list_select_related = ["user", "structure", "partner", "commune"]
    autocomplete_fields = ["user", "structure", "partner", "commune"]


@admin.register(Domain)
class DomainAdmin(RefreshImportExportMixin, admin.ModelAdmin):
    resource_classes = [refresh_resources.DomainResource]
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Referent)
class ReferentAdmin(RefreshImportExportMixin, admin.ModelAdmin):
    resource_classes = [refresh_resources.ReferentResource]
    list_display = ["full_name", "partner", "function", "verified_at"]
    list_filter = ["partner"]
    search_fields = ["full_name", "partner__name", "partner__acronym"]
    list_select_related = ["partner"]
    autocomplete_fields = ["partner", "structures", "user"]
    filter_horizontal = ["domains"]


@admin.register(Permanence)
class PermanenceAdmin(RefreshImportExportMixin, admin.ModelAdmin):
    resource_classes = [refresh_resources.PermanenceResource]
    list_display = ["partner", "structure", "recurrence", "weekday", "starts_at", "ends_at"]
    list_filter = ["partner", "recurrence"]
    search_fields = ["partner__name", "structure__name"]
    list_select_related = ["partner", "structure"]
    autocomplete_fields = ["partner", "structure"]


@admin.register(Training)
class TrainingAdmin(admin.ModelAdmin):
    """The CCI records here the initial training of someone trained outside the network's calendar."""

    list_display = ["person", "trained_on", "organisation", "from_calendar"]
    list_filter = ["trained_on"]
    search_fields = ["person__email", "person__last_name", "organisation"]
    list_select_related = ["person"]
    autocomplete_fields = ["person"]
    date_hierarchy = "trained_on"

    @admin.display(boolean=True, description="relevée dans le calendrier")
    def from_calendar(self, training: Training) -> bool:
        return bool(training.source_key)


@admin.register(CharterSnapshot)
class CharterSnapshotAdmin(admin.ModelAdmin):
    """Read only: the quarterly records are written by `manage.py snapshot_charter`."""

    list_display = ["structure", "year", "quarter", "taken_at"]
    list_filter = ["year", "quarter"]
    search_fields = ["structure__name"]
    list_select_related = ["structure"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(NationalListImport)
class NationalListAdmin(ReadOnlyAdminMixin, SpreadsheetImportExportMixin, admin.ModelAdmin):
    """The CCI loads the national list of France Services as downloaded (annuaire.national_import).

    The entry opens the import page directly: the structures themselves are listed and edited under
    « Structures France Services ». Whoever may change structures may import the list.
    """

    resource_classes = [NationalListResource]
    import_template_name = "admin/annuaire/national_import.html"
    confirm_form_class = NationalConfirmForm

    def has_import_permission(self, request):
        return request.user.has_perm("annuaire.change_structure")

    def has_view_permission(self, request, obj=None):
        return self.has_import_permission(request)

    def has_export_permission(self, request):
        return False

    def changelist_view(self, request, extra_context=None):
        return HttpResponseRedirect(reverse("admin:annuaire_nationallistimport_import"))

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        result = getattr(response, "context_data", {}).get("result")
        if result is not None and hasattr(result, "national"):
            response.context_data["summary"] = summary(result, committed=False)
        return response

    def get_import_data_kwargs(self, **kwargs):
        form = kwargs.get("form")
        kwargs = super().get_import_data_kwargs(**kwargs)
        if isinstance(form, NationalConfirmForm) and form.cleaned_data.get("close_absent"):
            kwargs["close_absent"] = True
        return kwargs

    def add_success_message(self, result, request):
        messages.success(request, "Liste nationale importée : " + summary(result, committed=True))

    def process_result(self, result, request):
        response = super().process_result(result, request)
        if result.has_errors() or result.has_validation_errors():
            return response
        return HttpResponseRedirect(reverse("admin:annuaire_structure_changelist"))

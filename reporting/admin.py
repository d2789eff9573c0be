from django.contrib import admin

from extranet.admin import ReadOnlyAdminMixin
from extranet.spreadsheets.imports import SpreadsheetImportExportMixin
from reporting.models import ContactReason, QuarterlyReport
from reporting.resources import QuarterFiguresResource


@admin.register(ContactReason)
class ContactReasonAdmin(admin.ModelAdmin):
    """The CCI keeps each partner's list of contact reasons that the quarterly reports detail."""

    list_display = ["label", "partner", "order", "is_active"]
    list_filter = ["is_active", "partner"]
    list_editable = ["order", "is_active"]
    search_fields = ["label", "partner__name", "partner__acronym"]
    autocomplete_fields = ["partner"]


@admin.register(QuarterlyReport)
class QuarterlyReportAdmin(ReadOnlyAdminMixin, SpreadsheetImportExportMixin, admin.ModelAdmin):
    """Read-only: reports are filled on their page, and a submitted one changes only once the CCI
    reopens it there (with a reason). The admin lists them, imports a quarter's figures for every
    structure from a table and exports them (filter on the quarter first) in the same columns."""

    resource_classes = [QuarterFiguresResource]

    list_display = ["structure", "year", "quarter", "status", "submitted_at"]
    list_filter = ["year", "quarter", "status", "structure__kind"]
    search_fields = ["structure__name"]


import reporting.usage_admin  # noqa: F401, E402  (the usage report's admin pages, reporting/usage_admin.py)

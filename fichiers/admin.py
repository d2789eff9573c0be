from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse

from fichiers.models import ArchivingRule, DigestSubscription, Document, DownloadCount, FileVersion, News


@admin.register(ArchivingRule)
class ArchivingRuleAdmin(admin.ModelAdmin):
    """One rule for the network: the list page opens the rule itself (created with its defaults on the
    first visit), so nobody ever adds one and the admin home offers no « Ajouter » link."""

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        rule = ArchivingRule.load()
        return redirect(reverse("admin:fichiers_archivingrule_change", args=[rule.pk]))


@admin.register(News)
class NewsAdmin(admin.ModelAdmin):
    list_display = ["title", "category", "published_at", "author", "is_pinned", "archived_at"]
    list_filter = ["category", "is_pinned", ("archived_at", admin.EmptyFieldListFilter)]
    search_fields = ["title", "search_body"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["structure", "partner"]
    raw_id_fields = ["author", "files"]
    list_select_related = ["author"]


class FileVersionInline(admin.TabularInline):
    model = FileVersion
    extra = 0
    can_delete = False
    fields = ["original_name", "size", "content_type", "sha256", "uploaded_by", "uploaded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False  # new versions go through the checked upload form on the site


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "category", "year", "structure", "partner", "created_at", "archived_at"]
    list_filter = ["category", "year", ("archived_at", admin.EmptyFieldListFilter)]
    search_fields = ["title", "search_body"]
    autocomplete_fields = ["structure", "partner"]
    raw_id_fields = ["uploaded_by"]
    list_select_related = ["structure", "partner"]
    inlines = [FileVersionInline]


@admin.register(DownloadCount)
class DownloadCountAdmin(admin.ModelAdmin):
    list_display = ["document", "day", "count"]
    date_hierarchy = "day"
    list_select_related = ["document"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DigestSubscription)
class DigestSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["user", "is_active", "last_sent_at"]
    list_filter = ["is_active"]
    raw_id_fields = ["user"]

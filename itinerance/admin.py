from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse

from itinerance.models import Passage, PassageCount, PublicSchedule, Rule, Site, Tour, Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "vehicle", "structure", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "vehicle"]
    filter_horizontal = ["agents"]
    autocomplete_fields = ["structure"]


class SiteInline(admin.StackedInline):
    model = Site
    extra = 0
    fields = ["name", "position", "is_active"]
    show_change_link = True


@admin.register(Tour)
class TourAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "is_active"]
    list_filter = ["is_active", "unit"]
    search_fields = ["name"]
    inlines = [SiteInline]


# Stacked, not tabular: tabular rows give each field no label of its own (see annuaire/admin.py).
class RuleInline(admin.StackedInline):
    model = Rule
    extra = 0


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["name", "commune", "kind", "tour", "position", "is_active"]
    list_filter = ["kind", "is_active", "tour"]
    search_fields = ["name", "commune__name"]
    autocomplete_fields = ["commune", "structure"]
    inlines = [RuleInline]


class PassageCountInline(admin.StackedInline):
    model = PassageCount
    extra = 0


@admin.register(Passage)
class PassageAdmin(admin.ModelAdmin):
    list_display = ["date", "starts_at", "ends_at", "site", "tour", "status"]
    list_filter = ["status", "tour"]
    date_hierarchy = "date"
    search_fields = ["site__name", "site__commune__name"]
    list_select_related = ["site", "site__commune", "tour"]
    raw_id_fields = ["site", "rule"]
    inlines = [PassageCountInline]


@admin.register(PublicSchedule)
class PublicScheduleAdmin(admin.ModelAdmin):
    """One setting for the cell: the list page opens it (created unpublished on the first visit), so
    nobody adds a second one and the admin home offers no « Ajouter » (as fichiers' archiving rule)."""

    fieldsets = [
        (None, {"fields": ["is_published"]}),
        ("Affiche de chaque site", {"fields": ["services_text", "home_visit_text"]}),
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        schedule = PublicSchedule.load()
        return redirect(reverse("admin:itinerance_publicschedule_change", args=[schedule.pk]))

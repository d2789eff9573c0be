from django.contrib import admin
from import_export.admin import ImportExportMixin

from annuaire.models import Commune, Membership, Partner, Structure
from annuaire.resources import AuthorisedPersonResource
from extranet.admin import UserAdmin
from extranet.models import User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["structure", "partner"]
    fields = ["structure", "partner", "is_active", "created_at"]
    readonly_fields = ["created_at"]


# The core's user admin, with what only the directory knows: attachments and the import of the
# list of authorised people (which names structures and partners).
admin.site.unregister(User)


@admin.register(User)
class UserWithMembershipsAdmin(ImportExportMixin, UserAdmin):
    resource_classes = [AuthorisedPersonResource]
    inlines = [MembershipInline]
    import_template_name = "admin/extranet/user/import.html"


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["name", "insee_code", "postal_code"]
    search_fields = ["name", "insee_code", "postal_code"]


@admin.register(Structure)
class StructureAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "status", "commune"]
    list_filter = ["kind", "status"]
    search_fields = ["name", "commune__name"]
    list_select_related = ["commune"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["commune"]


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "is_national"]
    list_filter = ["is_national"]
    search_fields = ["name", "acronym"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "structure", "partner", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["user__email", "user__last_name", "structure__name", "partner__name"]
    list_select_related = ["user", "structure", "partner"]
    autocomplete_fields = ["user", "structure", "partner"]

from django.contrib import admin, messages

from extranet.invitations import send_invitation
from extranet.models import DailyUsage, OutgoingEmail, User


class ReadOnlyAdminMixin:
    """Rows written elsewhere (on their own pages, by a command, by the site itself): the admin lists
    them, and nobody adds, changes or deletes one here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = [
        "email",
        "last_name",
        "first_name",
        "role",
        "is_active",
        "is_staff",
        "last_login",
        "invited_at",
    ]
    list_filter = ["role", "is_active", "is_staff"]
    search_fields = ["email", "first_name", "last_name"]
    ordering = ["last_name", "first_name"]
    readonly_fields = ["last_login", "date_joined", "invited_at"]
    actions = ["invite"]
    fieldsets = [
        (
            None,
            {"fields": ["email", "first_name", "last_name", "role", "job_title", "phone", "contact_email"]},
        ),
        ("Accès", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        ("Dates", {"fields": ["date_joined", "last_login", "invited_at"]}),
    ]
    filter_horizontal = ["groups", "user_permissions"]

    def save_model(self, request, obj, form, change):
        is_new = obj.pk is None
        if is_new:
            obj.set_unusable_password()
        super().save_model(request, obj, form, change)
        if is_new:
            send_invitation(obj)
            messages.info(request, f"Une invitation a été envoyée à {obj.email}.")

    @admin.action(description="Envoyer (à nouveau) l'invitation à choisir un mot de passe")
    def invite(self, request, queryset):
        users = list(queryset.filter(is_active=True))
        for user in users:
            send_invitation(user)
        messages.success(request, f"{len(users)} invitation(s) envoyée(s).")


@admin.register(DailyUsage)
class DailyUsageAdmin(admin.ModelAdmin):
    list_display = ["day", "user", "logins", "page_views", "downloads"]
    list_filter = ["day"]
    search_fields = ["user__email", "user__last_name"]
    date_hierarchy = "day"
    list_select_related = ["user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The outbox, to read: what waits for the mail server, and what was given up. The text is left
    out: an invitation holds a one-time link to choose a password."""

    list_display = ["created_at", "subject", "recipients", "state", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["state"]
    search_fields = ["subject", "to"]
    date_hierarchy = "created_at"
    fields = [
        "created_at",
        "description",
        "from_email",
        "to",
        "subject",
        "state",
        "attempts",
        "next_attempt_at",
        "last_error",
        "sent_at",
    ]

    @admin.display(description="destinataires")
    def recipients(self, email: OutgoingEmail) -> str:
        return ", ".join(email.to)

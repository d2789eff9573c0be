from django.contrib import admin, messages
from django.db import models

from calendrier.models import Event, Registration, SentMessage


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    autocomplete_fields = ["user"]
    readonly_fields = ["created_at"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "start_date", "audience", "capacity", "is_cancelled"]
    list_filter = ["kind", "audience", "is_cancelled"]
    search_fields = ["title", "description"]
    date_hierarchy = "start_date"
    autocomplete_fields = ["organiser"]
    list_select_related = True
    inlines = [RegistrationInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    actions = ["cancel_events"]

    @admin.action(description="Annuler les événements sélectionnés", permissions=["change"])
    def cancel_events(self, request, queryset):
        # Event.cancel() is the one path that tells the registrants, as the event page's button does;
        # events already cancelled are skipped so nobody is told twice.
        events = list(queryset.filter(is_cancelled=False))
        for event in events:
            event.cancel()
        self.message_user(
            request,
            f"{len(events)} événement(s) annulé(s) : les inscrits sont prévenus par e-mail.",
            messages.SUCCESS,
        )

    def save_model(self, request, obj, form, change):
        # Ticking "annulé" on the change form goes through Event.cancel() too, so the registrants
        # get the same e-mail as from the event page. Unticking it (or saving an event already
        # cancelled) is an ordinary save and tells nobody.
        if change and "is_cancelled" in form.changed_data and obj.is_cancelled:
            obj.cancel()
        else:
            super().save_model(request, obj, form, change)


@admin.register(SentMessage)
class SentMessageAdmin(admin.ModelAdmin):
    list_display = ["event", "user", "kind", "sent_at"]
    list_filter = ["kind"]
    list_select_related = True

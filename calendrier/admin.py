from django.contrib import admin
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


@admin.register(SentMessage)
class SentMessageAdmin(admin.ModelAdmin):
    list_display = ["event", "user", "kind", "sent_at"]
    list_filter = ["kind"]
    list_select_related = True

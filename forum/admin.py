from django.contrib import admin
from django.db import models
from django.http import Http404
from django.urls import path
from machina.apps.forum.admin import ForumAdmin as MachinaForumAdmin
from machina.apps.forum.models import Forum

from forum.models import NotificationPreference, PartnerForum, TopicAnswer

# machina's Forum form has a URLField without `assume_scheme`, which warns under Django 5.x
# (RemovedInDjango60Warning) and fails a test run with warnings as errors (docs/decisions.md).
admin.site.unregister(Forum)


@admin.register(Forum)
class ForumAdmin(MachinaForumAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_urls(self):
        # machina's route restricts `direction` to up|down in its pattern; the same check moves into the
        # view, so that every admin route reverses with any value (tests/extranet/test_access.py walks
        # them all with placeholder parameters).
        move = path(
            "<int:forum_id>/move-forum/<str:direction>/",
            self.admin_site.admin_view(self.moveforum_view),
            name="forum_forum_move",
        )
        return [
            move if getattr(url, "name", None) == "forum_forum_move" else url for url in super().get_urls()
        ]

    def moveforum_view(self, request, forum_id, direction):
        if direction not in ("up", "down"):
            raise Http404
        return super().moveforum_view(request, forum_id, direction)


@admin.register(PartnerForum)
class PartnerForumAdmin(admin.ModelAdmin):
    list_display = ["partner", "forum", "referents_group"]
    list_select_related = ["partner", "forum", "referents_group"]
    # Created and kept in step by the directory (forum/structure.py), never by hand.
    readonly_fields = ["partner", "forum", "referents_group"]

    def has_add_permission(self, request):
        return False


@admin.register(TopicAnswer)
class TopicAnswerAdmin(admin.ModelAdmin):
    list_display = ["topic", "partner", "asked_at", "first_answer_at", "delay_hours"]
    list_filter = ["partner"]
    list_select_related = ["topic", "partner"]
    date_hierarchy = "asked_at"
    readonly_fields = ["topic", "partner", "asked_at", "first_answer_at", "first_answer_by", "delay_hours"]

    def has_add_permission(self, request):
        return False


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "new_topics", "replies"]
    list_filter = ["new_topics", "replies"]
    autocomplete_fields = ["user"]

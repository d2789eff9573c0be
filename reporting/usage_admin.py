from django.contrib import admin

from extranet.admin import ReadOnlyAdminMixin
from reporting.usage_models import MonthlyUsage, Question, Questionnaire, StructureSurvey


@admin.register(MonthlyUsage)
class MonthlyUsageAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Written by `manage.py fold_usage` only: read here, never changed (past reports must not move)."""

    list_display = [
        "month",
        "role",
        "structure",
        "partner",
        "logins",
        "page_views",
        "downloads",
        "active_people",
    ]
    list_filter = ["role"]
    date_hierarchy = "month"
    list_select_related = ["structure", "partner"]


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 1
    fields = ["position", "text", "kind", "choices", "required"]


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin):
    """The CCI writes the questions; members' answers are seen only as results (never one by one)."""

    list_display = ["title", "kind", "opens_on", "closes_on"]
    list_filter = ["kind"]
    search_fields = ["title"]
    inlines = [QuestionInline]


@admin.register(StructureSurvey)
class StructureSurveyAdmin(admin.ModelAdmin):
    list_display = ["structure", "year", "respondents", "questionnaire", "updated_at"]
    list_filter = ["year"]
    autocomplete_fields = ["structure"]
    list_select_related = ["structure", "questionnaire"]

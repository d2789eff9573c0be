from django.urls import path

from reporting import questionnaire_views, usage_views, views

app_name = "reporting"

urlpatterns = [
    path("", views.index, name="index"),
    # The yearly usage report (?annee=)
    path("bilan-usage/", usage_views.usage_report, name="usage_report"),
    path("bilan-usage/pdf/", usage_views.usage_report_pdf, name="usage_report_pdf"),
    path(
        "bilan-usage/tableur/<str:file_format>/",
        usage_views.usage_report_workbook,
        name="usage_report_workbook",
    ),
    # Questionnaires, and the structures' users' satisfaction surveys
    path("questionnaires/", questionnaire_views.questionnaire_list, name="questionnaires"),
    path("questionnaires/<int:pk>/", questionnaire_views.questionnaire_answer, name="questionnaire_answer"),
    path(
        "questionnaires/<int:pk>/resultats/",
        questionnaire_views.questionnaire_results,
        name="questionnaire_results",
    ),
    path(
        "questionnaires/<int:pk>/resultats/<str:file_format>/",
        questionnaire_views.questionnaire_results_download,
        name="questionnaire_results_download",
    ),
    path(
        "structures/<int:structure_pk>/satisfaction/<int:year>/",
        questionnaire_views.structure_survey,
        name="structure_survey",
    ),
    path("tableau-de-bord/", views.dashboard, name="dashboard"),
    path(
        "tableau-de-bord/export/<slug:table>/<str:file_format>/",
        views.dashboard_export,
        name="dashboard_export",
    ),
    path("trimestriels/", views.report_list, name="report_list"),
    path("trimestriels/<slug:slug>/<int:year>/T<int:quarter>/", views.report_detail, name="report_detail"),
    path(
        "trimestriels/<slug:slug>/<int:year>/T<int:quarter>/rouvrir/",
        views.report_reopen,
        name="report_reopen",
    ),
]

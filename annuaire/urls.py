from django.urls import path

from annuaire import views

app_name = "annuaire"

urlpatterns = [
    path("structures/", views.structure_list, name="structure_list"),
    path(
        "structures/export.csv", views.structure_export, {"file_format": "csv"}, name="structure_export_csv"
    ),
    path(
        "structures/export.xlsx",
        views.structure_export,
        {"file_format": "xlsx"},
        name="structure_export_xlsx",
    ),
    path(
        "structures/export.ods", views.structure_export, {"file_format": "ods"}, name="structure_export_ods"
    ),
    path("structures/liste-nationale.csv", views.national_export, name="national_export"),
    path("structures/charte/", views.charter_overview, name="charter_overview"),
    path("structures/<slug:slug>/", views.structure_detail, name="structure_detail"),
    path("structures/<slug:slug>/modifier/", views.structure_edit, name="structure_edit"),
    path(
        "structures/<slug:slug>/fiche-nationale.csv",
        views.structure_national_export,
        name="structure_national_export",
    ),
    path("structures/<slug:slug>/a-jour/", views.structure_verify, name="structure_verify"),
    path("partenaires/", views.partner_list, name="partner_list"),
    path("partenaires/<slug:slug>/", views.partner_detail, name="partner_detail"),
    path("partenaires/<slug:slug>/modifier/", views.partner_edit, name="partner_edit"),
    path("partenaires/<slug:slug>/a-jour/", views.partner_verify, name="partner_verify"),
    path("partenaires/<slug:slug>/referents/ajouter/", views.referent_create, name="referent_create"),
    path("partenaires/<slug:slug>/permanences/ajouter/", views.permanence_create, name="permanence_create"),
    path("referents/ma-fiche/", views.own_referent_record, name="own_referent_record"),
    path("referents/<int:pk>/modifier/", views.referent_edit, name="referent_edit"),
    path("referents/<int:pk>/supprimer/", views.referent_delete, name="referent_delete"),
    path("permanences/<int:pk>/modifier/", views.permanence_edit, name="permanence_edit"),
    path("permanences/<int:pk>/supprimer/", views.permanence_delete, name="permanence_delete"),
    path("qui-contacter/", views.referent_search, name="referent_search"),
]

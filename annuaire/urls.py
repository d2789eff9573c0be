from django.urls import path

from annuaire import views

app_name = "annuaire"

urlpatterns = [
    path("structures/", views.structure_list, name="structure_list"),
    path("structures/<slug:slug>/", views.structure_detail, name="structure_detail"),
    path("partenaires/", views.partner_list, name="partner_list"),
    path("partenaires/<slug:slug>/", views.partner_detail, name="partner_detail"),
]

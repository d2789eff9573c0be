from django.contrib import admin
from django.urls import include, path

from extranet import views
from extranet.search.views import search_view

legal_urls = [
    path(f"{slug}/", views.legal_page, {"template_name": template}, name=slug.replace("-", "_"))
    for slug, template in views.LEGAL_PAGES.items()
]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("informations/", include((legal_urls, "legal"))),
    path("comptes/", views.account, name="account"),
    # Before allauth's own page of the same name and address, which would let a member add an
    # address and make it their login (and password reset) address.
    path("comptes/email/", views.login_email, name="account_email"),
    path("comptes/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("annuaire/", include("annuaire.urls")),
    path("calendrier/", include("calendrier.urls")),
    path("forum/", include("forum.urls")),
    path("forum/", include("forum.machina_urls")),
    path("recherche/", search_view, name="search"),
    path("publications/", include("fichiers.urls")),
    path("rapports/", include("reporting.urls")),
    path("itinerance/", include("itinerance.urls")),
]

from django.urls import path

from fichiers import views

app_name = "fichiers"

urlpatterns = [
    path("actualites/", views.news_list, name="news_list"),
    path("actualites/archives/", views.news_list, {"archived": True}, name="news_archive"),
    path("actualites/nouvelle/", views.news_form, name="news_create"),
    path("actualites/<int:pk>/", views.news_detail, name="news_detail"),
    path("actualites/<int:pk>/modifier/", views.news_form, name="news_edit"),
    path("fichiers/", views.document_list, name="document_list"),
    path("fichiers/archives/", views.document_list, {"archived": True}, name="document_archive"),
    path("fichiers/deposer/", views.document_create, name="document_create"),
    path("fichiers/<int:pk>/", views.document_detail, name="document_detail"),
    path("fichiers/<int:pk>/modifier/", views.document_edit, name="document_edit"),
    path("fichiers/<int:pk>/nouvelle-version/", views.version_create, name="version_create"),
    path("versions/<int:pk>/telecharger/", views.download, name="download"),
    path("versions/<int:pk>/apercu/", views.thumbnail, name="thumbnail"),
    path("resume-hebdomadaire/", views.digest_preferences, name="digest_preferences"),
]

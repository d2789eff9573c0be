from django.urls import path

from forum import views

app_name = "forum_ext"

urlpatterns = [
    path("mes-notifications/", views.preferences, name="preferences"),
    path("delais-de-reponse/", views.answer_report, name="answer_report"),
]

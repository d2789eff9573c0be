from django.urls import path

from itinerance import visit_views

app_name = "itinerance"

urlpatterns = [
    # Home visits
    path("visites/", visit_views.visit_mine, name="visit_mine"),
    path("visites/demander/", visit_views.visit_create, name="visit_create"),
    path("visites/file-d-attente/", visit_views.visit_queue, name="visit_queue"),
    path("visites/<int:pk>/", visit_views.visit_detail, name="visit_detail"),
    path("visites/<int:pk>/planifier/", visit_views.visit_schedule, name="visit_schedule"),
    path("visites/<int:pk>/cloturer/", visit_views.visit_close, name="visit_close"),
    # On the road
    path("aujourd-hui/", visit_views.today, name="today"),
    path("passages/<int:pk>/compteurs/", visit_views.passage_counts, name="passage_counts"),
]

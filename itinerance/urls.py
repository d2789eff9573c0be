from django.urls import path

from itinerance import posters, public_views, views, visit_views

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
    path("", views.tour_list, name="tour_list"),
    path("tournees/<int:pk>/", views.tour_detail, name="tour_detail"),
    path("sites/<int:pk>/", views.site_detail, name="site_detail"),
    path("sites/<int:pk>/arreter/", views.stop_site, name="stop_site"),
    path("passages/<int:pk>/annuler/", views.passage_cancel, name="passage_cancel"),
    path("planification/", views.planning_view, name="planning"),
    path("arrets/", views.stops, name="stops"),
    path("sites/<int:pk>/affiche/", posters.site_poster, name="site_poster"),
    path("sites/<int:pk>/affiche.pdf", posters.site_poster_pdf, name="site_poster_pdf"),
    path("tournees/<int:pk>/programme.pdf", posters.tour_programme, name="tour_programme"),
    path(
        "tournees/<int:pk>/programme/<int:year>/<int:month>.pdf",
        posters.tour_programme,
        name="tour_programme",
    ),
    # Public once the CCI publishes the schedule (docs/decisions.md, « the schedule announced in advance »).
    path("horaires/", public_views.schedule_index, name="public_index"),
    path("horaires/<str:insee>/", public_views.commune_schedule, name="public_commune"),
    path("horaires/<str:insee>.ics", public_views.commune_feed, name="public_feed"),
    path("horaires/sites/<int:pk>/", public_views.site_schedule, name="public_site"),
]

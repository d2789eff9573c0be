import datetime as dt

from django.urls import path, register_converter

from calendrier import views


class IsoDateConverter:
    """A day written as in ISO 8601, « 2026-12-03 »; an impossible date (2026-02-30) is not found."""

    regex = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"

    def to_python(self, value: str) -> dt.date:
        return dt.date.fromisoformat(value)  # ValueError: Django answers 404

    def to_url(self, value) -> str:
        return value.isoformat() if isinstance(value, dt.date) else dt.date.fromisoformat(value).isoformat()


register_converter(IsoDateConverter, "isodate")

app_name = "calendrier"

urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("mois/", views.month_view, name="month"),
    path("mois/<int:year>/<int:month>/", views.month_view, name="month"),
    path("jour/<isodate:date>/", views.day_view, name="day"),
    path("evenements/nouveau/", views.event_create, name="event_create"),
    path("evenements/<int:pk>/", views.event_detail, name="event_detail"),
    path("evenements/<int:pk>/modifier/", views.event_edit, name="event_edit"),
    path("evenements/<int:pk>/annuler/", views.event_cancel, name="event_cancel"),
    path("evenements/<int:pk>/inscription/", views.event_register, name="event_register"),
    path("evenements/<int:pk>/desinscription/", views.event_unregister, name="event_unregister"),
    path("evenements/<int:pk>/participants/", views.event_attendees, name="event_attendees"),
    path(
        "evenements/<int:pk>/participants.<str:file_format>",
        views.event_attendees_export,
        name="event_attendees_export",
    ),
    path("evenements/<int:pk>/evenement.ics", views.event_ics, name="event_ics"),
    path("abonnement/", views.subscription, name="subscription"),
    path("abonnement/<int:pk>/<str:token>/calendrier.ics", views.feed, name="feed"),
]

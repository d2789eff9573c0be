"""The public pages, feed and poster show no personal data, and cost the same with much data.

Every text field of every model of the itinerant cell (but the few the public is meant to read: a
site's name and address, a passage's public reason) and of every account is filled with a marker;
the marker must appear nowhere in what an anonymous visitor or a town hall's board gets.
"""

import datetime as dt

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models.functions import Cast, Concat, Left
from django.urls import reverse

from itinerance.models import PublicSchedule
from tests import factories
from tests.pdf_files import pdf_text

MARKER = "QZXMARK"
# (model, field) the public is meant to read, and the poster's own texts (written for the public).
PUBLIC_FIELDS = {
    ("site", "name"),
    ("site", "address"),
    ("passage", "public_reason"),
    # A tour's name (« Tournée Nord ») titles its printed programme; the public pages do not show it.
    ("tour", "name"),
    # A rule's weeks of the month (« 1,3 ») are numbers the poster writes « 1er et 3e mardis ».
    ("rule", "weeks_of_month"),
    ("publicschedule", "services_text"),
    ("publicschedule", "home_visit_text"),
}


# The cache is the database's (settings): each test's entries go with its transaction.
@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 2, 10, tzinfo=dt.UTC), tick=False)


def personal_text_fields(model):
    for field in model._meta.concrete_fields:
        if (
            isinstance(field, (models.CharField, models.TextField))
            and not field.choices
            and (field.max_length or 1000) >= len(MARKER)
            and (model._meta.model_name, field.name) not in PUBLIC_FIELDS
            and field.name != "password"
        ):
            yield field


def fill_with_marker(model) -> list[str]:
    filled = []
    for field in personal_text_fields(model):
        value = Concat(models.Value(MARKER), Cast("pk", models.CharField()))  # unique fields stay unique
        if field.max_length:
            value = Left(value, field.max_length)
        model.objects.update(**{field.name: value})
        filled.append(f"{model._meta.label}.{field.name}")
    return filled


def build_schedule():
    commune = factories.CommuneFactory(insee_code="82112", name="Molières", postal_code="82220")
    agents = [factories.UserFactory(role="itinerant", phone="06 12 34 56 78") for _ in range(2)]
    unit = factories.UnitFactory(agents=agents)
    tour = factories.TourFactory(unit=unit, description="Tournée avec des notes")
    site = factories.SiteFactory(
        commune=commune, tour=tour, access_notes="Clé chez Mme Martin", parking="Cour"
    )
    factories.RuleFactory(site=site)
    factories.PassageFactory(site=site, tour=tour, date=dt.date(2026, 12, 8), held=True)
    factories.PassageFactory(site=site, tour=tour, date=dt.date(2026, 12, 15), cancelled=True)
    # Any other model of the app (home visits…) that has a factory gets a row too.
    for model in apps.get_app_config("itinerance").get_models():
        factory = getattr(factories, f"{model.__name__}Factory", None)
        if factory is not None and not model.objects.exists():
            factory()
    return site


def test_public_pages_feed_and_poster_show_no_personal_data(client, db, admin_user):
    site = build_schedule()
    schedule = PublicSchedule.load()
    schedule.is_published = True
    schedule.save()
    filled = []
    for model in [*apps.get_app_config("itinerance").get_models(), get_user_model()]:
        filled += fill_with_marker(model)
    assert {
        "itinerance.Site.access_notes",
        "itinerance.Site.parking",
        "itinerance.Tour.description",
        "itinerance.Unit.vehicle",
        "extranet.User.email",
        "extranet.User.last_name",
        "extranet.User.phone",
    } <= set(filled)
    insee = site.commune.insee_code

    pages = {
        url: client.get(url)
        for url in (
            reverse("itinerance:public_index"),
            reverse("itinerance:public_commune", args=[insee]),
            reverse("itinerance:public_site", args=[site.pk]),
            reverse("itinerance:public_feed", args=[insee]),
        )
    }
    client.force_login(admin_user)
    poster = client.get(reverse("itinerance:site_poster_pdf", args=[site.pk]))
    programme = client.get(reverse("itinerance:tour_programme", args=[site.tour.pk, 2026, 12]))

    for url, response in pages.items():
        assert response.status_code == 200, url
        # iCal folds long lines: unfold before looking.
        text = response.content.decode().replace("\r\n ", "")
        assert MARKER not in text, url
        assert "Mairie" in text or "Molières" in text, url
    assert MARKER not in pdf_text(poster.content)
    assert MARKER not in pdf_text(programme.content)

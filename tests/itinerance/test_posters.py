"""Posters per site and month programmes per tour: PDFs read back, an HTML preview, members only."""

import datetime as dt

import pytest
from django.urls import reverse

from extranet.typography import format_date
from itinerance.enums import PassageStatus
from itinerance.models import PublicSchedule
from tests import factories
from tests.pdf_files import response_pdf_text


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 2, 10, tzinfo=dt.UTC), tick=False)


@pytest.fixture
def site(db):
    commune = factories.CommuneFactory(name="Laguépie", insee_code="82090", postal_code="82250")
    site = factories.SiteFactory(name="Salle des fêtes", commune=commune, address="Place du Foirail")
    factories.RuleFactory(site=site)
    factories.PassageFactory(site=site, date=dt.date(2026, 12, 8))
    factories.PassageFactory(
        site=site, date=dt.date(2026, 12, 22), status=PassageStatus.CANCELLED, public_reason="Intempéries"
    )
    factories.PassageFactory(site=site, date=dt.date(2026, 11, 24))  # past: not on the poster
    return site


def test_poster_pdf_lists_next_passages_and_how_to_book_a_home_visit(client, conseiller, site):
    client.force_login(conseiller)

    response = client.get(reverse("itinerance:site_poster_pdf", args=[site.pk]))

    text = response_pdf_text(response)
    assert response["Content-Disposition"].startswith("inline; filename")
    assert "Salle des fêtes" in text
    assert "Habituellement : 1er et 3e mardis du mois, 9 h – 12 h" in text
    assert "Place du Foirail" in text
    assert "mardi 8 décembre 2026" in text
    assert "Intempéries" in text
    assert "24 novembre" not in text
    assert "visite à domicile" in text
    assert "démarches administratives" in text


def test_poster_gives_the_public_page_once_published(client, conseiller, site):
    client.force_login(conseiller)
    url = reverse("itinerance:site_poster_pdf", args=[site.pk])
    assert "/horaires/" not in response_pdf_text(client.get(url))
    schedule = PublicSchedule.load()
    schedule.is_published = True
    schedule.save()

    text = response_pdf_text(client.get(url))

    assert reverse("itinerance:public_site", args=[site.pk]) in text.replace("\n", "")


def test_poster_texts_are_edited_in_the_admin(client, conseiller, site):
    schedule = PublicSchedule.load()
    schedule.home_visit_text = "Appelez la mairie de Laguépie."
    schedule.save()
    client.force_login(conseiller)

    text = response_pdf_text(client.get(reverse("itinerance:site_poster_pdf", args=[site.pk])))

    assert "Appelez la mairie de Laguépie." in text


def test_poster_preview_shows_the_same_content(client, conseiller, site):
    client.force_login(conseiller)

    response = client.get(reverse("itinerance:site_poster", args=[site.pk]))

    text = response.content.decode()
    assert format_date(dt.date(2026, 12, 8), weekday=True) in text
    assert reverse("itinerance:site_poster_pdf", args=[site.pk]) in text


def test_month_programme_lists_the_tour_passages_of_the_month(client, conseiller, site):
    other_tour_site = factories.SiteFactory(name="Mairie de Varen")
    factories.PassageFactory(site=other_tour_site, date=dt.date(2026, 12, 9))
    factories.PassageFactory(site=site, date=dt.date(2027, 1, 5))
    client.force_login(conseiller)

    response = client.get(reverse("itinerance:tour_programme", args=[site.tour.pk, 2026, 12]))

    text = response_pdf_text(response)
    assert "décembre 2026" in text
    assert "mardi 8 décembre" in text
    assert "Intempéries" in text
    assert "Varen" not in text
    assert "5 janvier" not in text


def test_current_month_programme_by_default(client, conseiller, site):
    client.force_login(conseiller)

    text = response_pdf_text(client.get(reverse("itinerance:tour_programme", args=[site.tour.pk])))

    assert "décembre 2026" in text


@pytest.mark.parametrize("month", [0, 13])
def test_absurd_month_is_not_found(client, conseiller, site, month):
    client.force_login(conseiller)

    assert (
        client.get(reverse("itinerance:tour_programme", args=[site.tour.pk, 2026, month])).status_code == 404
    )


def test_unknown_site_or_tour_is_not_found(client, conseiller, site):
    client.force_login(conseiller)

    assert client.get(reverse("itinerance:site_poster_pdf", args=[site.pk + 100])).status_code == 404
    assert client.get(reverse("itinerance:tour_programme", args=[site.tour.pk + 100])).status_code == 404


def test_site_and_tour_pages_link_to_their_prints(client, conseiller, site):
    client.force_login(conseiller)

    site_page = client.get(reverse("itinerance:site_detail", args=[site.pk])).content.decode()
    tour_page = client.get(reverse("itinerance:tour_detail", args=[site.tour.pk])).content.decode()

    assert reverse("itinerance:site_poster", args=[site.pk]) in site_page
    assert reverse("itinerance:tour_programme", args=[site.tour.pk]) in tour_page

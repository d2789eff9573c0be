"""A commune's passages stop once a France Services is labelled there; the site keeps its history."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from annuaire.enums import StructureStatus
from itinerance.enums import PassageStatus
from itinerance.labelling import sites_to_stop
from tests.factories import PassageFactory, SiteFactory, StructureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def laguepie(db):
    msap = StructureFactory(name="MSAP La Poste de Laguépie", status=StructureStatus.MSAP)
    site = SiteFactory(name="Mairie de Laguépie", commune=msap.commune)
    today = timezone.localdate()
    past = PassageFactory(site=site, date=today - dt.timedelta(days=14), held=True)
    upcoming = [PassageFactory(site=site, date=today + dt.timedelta(days=d)) for d in (7, 21)]
    return msap, site, past, upcoming


def test_nothing_to_stop_while_the_msap_is_not_labelled(laguepie):
    assert sites_to_stop() == []


def test_a_labelling_in_the_directory_lists_the_site_with_its_future_passages(client, animateur, laguepie):
    msap, site, _past, upcoming = laguepie
    # As the national list import or the admin would: a plain update, no signal needed.
    type(msap).objects.filter(pk=msap.pk).update(
        status=StructureStatus.LABELLED, labelled_on=dt.date(2027, 1, 1)
    )
    client.force_login(animateur)

    (row,) = sites_to_stop()
    page = client.get(reverse("itinerance:stops")).content.decode()

    assert row.site == site and row.passages == upcoming
    assert "Mairie de Laguépie" in page and "2\u00a0passages prévus" in page
    home = client.get(reverse("home")).content.decode()
    assert "Passages à arrêter" in home and "Mairie de Laguépie" in home


def test_the_home_panel_is_for_the_coordinator_only(client, conseiller, laguepie):
    msap = laguepie[0]
    msap.status = StructureStatus.LABELLED
    msap.save()
    client.force_login(conseiller)

    assert "Passages à arrêter" not in client.get(reverse("home")).content.decode()


def test_stopping_a_site_stops_its_passages_from_a_date_and_says_why(client, animateur, laguepie):
    msap, site, past, upcoming = laguepie
    msap.status = StructureStatus.LABELLED
    msap.save()
    client.force_login(animateur)
    from_date = upcoming[1].date

    response = client.post(
        reverse("itinerance:stop_site", args=[site.pk]), {f"site-{site.pk}-from_date": from_date.isoformat()}
    )

    assert response.status_code == 302
    for passage in (past, *upcoming):
        passage.refresh_from_db()
    assert upcoming[0].status == PassageStatus.PLANNED, "before the date: kept"
    assert upcoming[1].status == PassageStatus.STOPPED
    assert (
        "a désormais une France Services labellisée (MSAP La Poste de Laguépie)" in upcoming[1].public_reason
    )
    assert past.status == PassageStatus.HELD, "the history stays"
    site.refresh_from_db()
    assert not site.is_active and site.stopped_on == from_date
    page = client.get(reverse("itinerance:site_detail", args=[site.pk])).content.decode()
    assert "n'est plus desservi" in page
    assert sites_to_stop() == []


def test_a_site_elsewhere_cannot_be_stopped_through_this_action(client, animateur, laguepie):
    other = SiteFactory()
    client.force_login(animateur)

    client.post(
        reverse("itinerance:stop_site", args=[other.pk]), {f"site-{other.pk}-from_date": "2027-01-01"}
    )

    other.refresh_from_db()
    assert other.is_active

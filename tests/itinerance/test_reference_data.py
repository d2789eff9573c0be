"""The MDS and the Hôtel du Département come with the reference data; the MDS are in the directory."""

import pytest
from django.urls import reverse

from annuaire.enums import StructureKind, StructureStatus
from annuaire.models import Structure
from annuaire.reference_data import load_reference_data
from itinerance.enums import SiteKind
from itinerance.models import Site

pytestmark = pytest.mark.django_db


def test_the_five_mds_and_the_hotel_du_departement_are_loaded_once():
    load_reference_data()
    counts = load_reference_data()

    mds = Structure.objects.filter(kind=StructureKind.MDS)
    assert sorted(mds.values_list("commune__name", flat=True)) == ["Montauban"] * 3 + ["Montech", "Valence"]
    assert set(mds.values_list("status", flat=True)) == {StructureStatus.OUTSIDE}
    assert Site.objects.filter(kind=SiteKind.MDS, structure__in=mds).count() == 5
    assert Site.objects.get(kind=SiteKind.DEPARTMENT).commune.name == "Montauban"
    assert counts["sites de passage de référence"] == 6
    assert Site.objects.count() == 6


def test_an_mds_is_in_the_directory_but_not_in_the_charter(client, conseiller):
    load_reference_data()
    client.force_login(conseiller)
    mds = Structure.objects.get(slug="mds-montauban-labat")

    listing = client.get(reverse("annuaire:structure_list"), {"q": "solidarités"}).content.decode()
    page = client.get(mds.get_absolute_url()).content.decode()
    charter = client.get(reverse("annuaire:charter_overview")).content.decode()

    assert "Maison départementale des solidarités de Montauban" in listing
    assert "Hors réseau France Services" in page
    assert "Respect de la charte" not in page
    assert "Labat" not in charter

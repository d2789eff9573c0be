"""The charter check of a structure and the network overview."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from annuaire.charter import CRITERIA, check_charter
from annuaire.models import Structure
from tests import factories


@pytest.fixture
def national_partners(db):
    return factories.PartnerFactory.create_batch(9, is_national=True)


@pytest.fixture
def compliant(national_partners):
    structure = factories.StructureFactory(email="fs@example.org", has_visio=True, verified_at=timezone.now())
    for weekday in range(5):
        factories.OpeningHoursFactory(
            structure=structure, weekday=weekday, opens=dt.time(9), closes=dt.time(12)
        )
        factories.OpeningHoursFactory(
            structure=structure, weekday=weekday, opens=dt.time(14), closes=dt.time(16)
        )
    structure.partners.set(national_partners)
    factories.counsellor(structure=structure)
    factories.counsellor(structure=structure)
    return structure


def _check(structure, national_partners):
    structure = Structure.objects.with_week().with_counsellor_count().get(pk=structure.pk)
    return check_charter(
        structure,
        counsellor_count=structure.counsellor_count,
        national_partner_ids={p.id for p in national_partners},
    )


def test_compliant_structure_meets_every_criterion(compliant, national_partners):
    results = _check(compliant, national_partners)
    assert [c.label for c in results] == list(CRITERIA)
    assert all(c.met for c in results)
    assert [c.detail for c in results][:4] == [
        "25 h sur 5 jours",
        "fs@example.org",
        "2 conseillers",
        "9 sur 9",
    ]


def test_each_shortfall_is_reported(compliant, national_partners):
    compliant.opening_hours.filter(weekday=4).delete()  # 20 h over 4 days
    compliant.partners.remove(national_partners[0])
    compliant.memberships.first().user.memberships.update(is_active=False)
    Structure.objects.filter(pk=compliant.pk).update(
        email="", has_visio=False, verified_at=timezone.now() - dt.timedelta(days=400)
    )
    results = _check(compliant, national_partners)
    assert [c.met for c in results] == [False] * 6
    assert [c.verdict for c in results] == ["Non respecté"] * 6
    assert [c.detail for c in results][:4] == ["20 h sur 4 jours", "Aucun e-mail", "1 conseiller", "8 sur 9"]


def test_24_hours_over_fewer_than_5_days_is_not_enough(national_partners):
    structure = factories.StructureFactory()
    for weekday in range(4):
        factories.OpeningHoursFactory(
            structure=structure, weekday=weekday, opens=dt.time(8), closes=dt.time(15)
        )
    assert not _check(structure, national_partners)[0].met


def test_structure_page_shows_verdicts_in_words(client, pilotage, compliant):
    client.force_login(pilotage)
    page = client.get(compliant.get_absolute_url()).content.decode()
    assert page.count(">Respecté<") == 6
    assert "Non respecté" not in page


def test_network_overview_lists_every_structure(client, pilotage, compliant):
    factories.StructureFactory(name="France Services incomplète")
    client.force_login(pilotage)
    page = client.get(reverse("annuaire:charter_overview")).content.decode()
    assert compliant.name in page and "France Services incomplète" in page
    assert "Non respecté" in page and ">Respecté<" in page

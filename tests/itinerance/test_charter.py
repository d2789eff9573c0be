"""The directory's charter criteria for the itinerant cell, checked from the cell's units and passages."""

import datetime as dt

import pytest
import time_machine

from annuaire.charter import NetworkFacts, Outcome, check_structure, structures_for_charter
from annuaire.enums import StructureKind
from extranet.typography import NBSP
from tests.factories import (
    PartnerFactory,
    PassageFactory,
    SiteFactory,
    StructureFactory,
    TourFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db


def outcomes(structure):
    structure = structures_for_charter().get(pk=structure.pk)
    return {
        r.criterion.code: (r.outcome, r.detail.replace(NBSP, " "))
        for r in check_structure(structure, NetworkFacts.current())
    }


@pytest.fixture
def cell(db):
    PartnerFactory.create_batch(2)
    return StructureFactory(kind=StructureKind.ITINERANT)


def test_each_unit_needs_its_two_agents(cell):
    UnitFactory(structure=cell, name="Unité 1", agents=2)
    UnitFactory(structure=cell, name="Unité 2", agents=1)

    assert outcomes(cell)["agents_unite"] == (Outcome.NOT_MET, "Unité 1 : 2 agents ; Unité 2 : 1 agent")


@time_machine.travel(dt.datetime(2027, 1, 10, 12), tick=False)
def test_each_site_needs_two_passages_this_month_and_next(cell):
    tour = TourFactory(unit=UnitFactory(structure=cell, agents=2))
    served = SiteFactory(tour=tour, name="Mairie de Dunes")
    short = SiteFactory(tour=tour, name="Mairie de Gramont")
    for day in (dt.date(2027, 1, 5), dt.date(2027, 1, 19), dt.date(2027, 2, 2), dt.date(2027, 2, 16)):
        PassageFactory(site=served, date=day)
    for day in (dt.date(2027, 1, 5), dt.date(2027, 1, 19), dt.date(2027, 2, 2)):
        PassageFactory(site=short, date=day)
    PassageFactory(site=short, date=dt.date(2027, 2, 16), cancelled=True)

    outcome, detail = outcomes(cell)["passages"]
    assert outcome == Outcome.NOT_MET
    assert detail.startswith("Moins de 2 passages annoncés : Mairie de Gramont") and detail.endswith(
        "(février)"
    )

    PassageFactory(site=short, date=dt.date(2027, 2, 23))
    assert outcomes(cell)["passages"] == (
        Outcome.MET,
        "2 sites, au moins 2 passages annoncés en janvier et février",
    )


def test_without_sites_the_passages_are_to_be_filled(cell):
    assert outcomes(cell)["passages"][0] == Outcome.MISSING

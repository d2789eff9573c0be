"""What the passages tell the quarterly reports: the figure provider itinérance registers."""

import datetime as dt

import pytest

from extranet import registry
from extranet.registry import ItinerantFigures
from itinerance.enums import PassageStatus
from itinerance.figures import passage_figures
from itinerance.models import PassageCount
from tests import factories

pytestmark = pytest.mark.django_db

FIRST, LAST = dt.date(2026, 4, 1), dt.date(2026, 6, 30)


def held(unit, day, **counts):
    site = factories.SiteFactory(tour=factories.TourFactory(unit=unit))
    return factories.PassageFactory(site=site, date=day, held=True, **counts)


def test_itinerance_registers_its_counter_in_the_registry():
    provider = registry.figure_provider(registry.ITINERANT_PASSAGES)

    assert provider is not None and provider.get is passage_figures


def test_only_the_held_passages_of_the_quarter_count_bounds_included():
    unit = factories.UnitFactory()
    held(unit, FIRST, people_received=3, level_1=2, level_2=1, oriented_to_mds=1, digital_sessions=0)
    held(unit, LAST, people_received=7, level_1=5, level_2=2, oriented_to_mds=None, digital_sessions=4)
    held(unit, FIRST - dt.timedelta(days=1), people_received=100)  # March: the quarter before
    held(unit, LAST + dt.timedelta(days=1), people_received=100)  # July: the quarter after
    site = factories.SiteFactory(tour=factories.TourFactory(unit=unit))
    factories.PassageFactory(site=site, date=dt.date(2026, 5, 5), cancelled=True)
    factories.PassageFactory(site=site, date=dt.date(2026, 5, 12), status=PassageStatus.STOPPED)
    factories.PassageFactory(site=site, date=dt.date(2026, 5, 19))  # planned, never marked held

    figures = passage_figures(unit.structure, FIRST, LAST)

    assert figures == ItinerantFigures(
        passages=2,
        passages_without_counts=0,
        people_received=10,
        level_1=7,
        level_2=3,
        oriented_to_mds=1,
        digital_sessions=4,
        people_by_partner={},
    )


def test_every_unit_of_the_structure_counts_and_no_other_structure_s():
    unit = factories.UnitFactory()
    second_vehicle = factories.UnitFactory(structure=unit.structure)
    held(unit, dt.date(2026, 5, 5))
    held(second_vehicle, dt.date(2026, 5, 6))
    held(factories.UnitFactory(), dt.date(2026, 5, 5), people_received=50)  # another itinerant structure

    figures = passage_figures(unit.structure, FIRST, LAST)

    assert (figures.passages, figures.people_received, figures.level_1, figures.level_2) == (2, 10, 8, 2)


def test_people_are_summed_per_partner_over_passages_and_themes():
    unit = factories.UnitFactory()
    caf, cpam = factories.PartnerFactory(), factories.PartnerFactory()
    housing, health = factories.DomainFactory(), factories.DomainFactory()
    first, second = held(unit, dt.date(2026, 4, 7)), held(unit, dt.date(2026, 6, 2))
    cancelled = factories.PassageFactory(site=first.site, date=dt.date(2026, 5, 5), cancelled=True)
    PassageCount.objects.bulk_create(
        [
            PassageCount(passage=first, partner=caf, theme=housing, people=2),
            PassageCount(passage=first, partner=caf, theme=health, people=1),
            PassageCount(passage=second, partner=caf, people=4),
            PassageCount(passage=second, partner=cpam, theme=health, people=3),
            PassageCount(passage=second, theme=housing, people=9),  # a theme without a partner
            PassageCount(passage=cancelled, partner=cpam, people=20),
        ]
    )

    figures = passage_figures(unit.structure, FIRST, LAST)

    assert figures.people_by_partner == {caf.pk: 7, cpam.pk: 3}


def test_a_quarter_without_figures_says_unknown_not_zero():
    unit = factories.UnitFactory()
    site = factories.SiteFactory(tour=factories.TourFactory(unit=unit))
    factories.PassageFactory(site=site, date=dt.date(2026, 5, 5), status=PassageStatus.HELD)

    figures = passage_figures(unit.structure, FIRST, LAST)
    nothing = passage_figures(factories.UnitFactory().structure, FIRST, LAST)

    assert (figures.passages, figures.passages_without_counts, figures.people_received) == (1, 1, None)
    assert nothing == ItinerantFigures(passages=0, passages_without_counts=0)


def test_the_figures_cost_two_queries_whatever_the_passages(django_assert_num_queries):
    unit = factories.UnitFactory()
    for day in range(1, 20):
        passage = held(unit, dt.date(2026, 5, day))
        PassageCount.objects.create(passage=passage, partner=factories.PartnerFactory(), people=1)

    with django_assert_num_queries(2):
        passage_figures(unit.structure, FIRST, LAST)

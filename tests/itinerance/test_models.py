import datetime as dt
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from annuaire.enums import Weekday
from itinerance.enums import RuleKind, WeekParity
from itinerance.models import Rule
from tests.factories import PassageFactory, RuleFactory, SiteFactory, TourFactory, UnitFactory

pytestmark = pytest.mark.django_db


def test_a_unit_names_its_itinerant_agents_and_is_audited():
    unit = UnitFactory(agents=2)

    assert unit.agents.count() == 2
    assert {agent.role for agent in unit.agents.all()} == {"itinerant"}
    assert LogEntry.objects.get_for_object(unit).exists()


def test_a_passage_keeps_its_tour_and_site():
    tour = TourFactory()
    site = SiteFactory(tour=tour)
    passage = PassageFactory(site=site)

    assert passage.tour == tour
    assert passage.start.hour == 9


def test_a_cancelled_passage_says_why():
    passage = PassageFactory.build(site=SiteFactory(), cancelled=True, public_reason="")

    with pytest.raises(ValidationError) as error:
        passage.full_clean()

    assert "public_reason" in error.value.message_dict


def test_each_kind_of_rule_is_written_in_words():
    monthly = RuleFactory.build(weekday=Weekday.TUESDAY, weeks_of_month="1,3")
    even = Rule(
        kind=RuleKind.WEEK_PARITY,
        weekday=Weekday.MONDAY,
        parity=WeekParity.EVEN,
        starts_at=dt.time(9),
        ends_at=dt.time(12),
    )
    fortnight = Rule(
        kind=RuleKind.FORTNIGHTLY,
        weekday=Weekday.THURSDAY,
        starts_on=dt.date(2027, 1, 7),
        starts_at=dt.time(14),
        ends_at=dt.time(17),
    )

    assert monthly.describe() == "1er et 3e mardis du mois, 9\u00a0h\u00a0– 12\u00a0h"
    assert even.describe() == "Le lundi des semaines paires, 9\u00a0h\u00a0– 12\u00a0h"
    assert (
        fortnight.describe(today=dt.date(2027, 1, 1))
        == "Un jeudi sur deux à partir du 7\u00a0janvier, 14\u00a0h\u00a0– 17\u00a0h"
    )


def test_a_fortnightly_rule_starts_on_its_own_weekday():
    rule = RuleFactory.build(
        site=SiteFactory(), kind=RuleKind.FORTNIGHTLY, weekday=Weekday.THURSDAY, starts_on=dt.date(2027, 1, 8)
    )

    with pytest.raises(ValidationError) as error:
        rule.full_clean()

    assert "n'est pas un jeudi" in error.value.message_dict["starts_on"][0]


def test_a_site_keeps_its_coordinates_as_written_and_measures_distances():
    montauban = SiteFactory(latitude="44.017363456789012", longitude="1,354928")
    moissac = SiteFactory(latitude="44.104683", longitude="1.085014")
    nowhere = SiteFactory(latitude=None, longitude=None)

    montauban.refresh_from_db()

    assert (montauban.latitude, montauban.longitude) == ("44.017363456789012", "1.354928")
    assert round(montauban.distance_km(moissac), 1) == 23.7  # Montauban to Moissac, as the crow flies
    assert montauban.distance_km(nowhere) is None and not nowhere.has_coordinates


def test_a_site_with_only_one_coordinate_or_a_wrong_one_is_refused():
    half = SiteFactory.build(commune=SiteFactory().commune, tour=None, longitude=None)
    wrong = SiteFactory.build(commune=half.commune, tour=None, name="Salle", latitude="95.1")

    with pytest.raises(ValidationError) as error:
        half.full_clean()
    with pytest.raises(ValidationError) as wrong_error:
        wrong.full_clean()

    assert "longitude" in error.value.message_dict
    assert "latitude" in wrong_error.value.message_dict


def test_the_migration_keeps_the_decimal_coordinates_as_text(transactional_db):
    before = [("itinerance", "0003_home_visit_requests")]
    after = [("itinerance", "0004_site_coordinates_as_text")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        old_apps = executor.loader.project_state(before).apps
        commune = old_apps.get_model("annuaire", "Commune").objects.create(
            name="Moissac", insee_code="82112", postal_code="82200"
        )
        old_site = old_apps.get_model("itinerance", "Site")
        old_site.objects.create(
            name="Mairie", commune=commune, latitude=Decimal("44.070000"), longitude=Decimal("1.000000")
        )
        old_site.objects.create(name="Salle", commune=commune)

        executor = MigrationExecutor(connection)
        executor.migrate(after)
        new_site = executor.loader.project_state(after).apps.get_model("itinerance", "Site")

        assert dict(new_site.objects.values_list("name", "latitude")) == {"Mairie": "44.07", "Salle": None}
        assert new_site.objects.get(name="Mairie").longitude == "1"
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

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

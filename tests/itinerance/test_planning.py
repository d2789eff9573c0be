"""Generating passages from the sites' rules: dates, holidays, conflicts and regeneration."""

import datetime as dt

import pytest

from annuaire.enums import Weekday
from itinerance.enums import PassageStatus, RuleKind, WeekParity
from itinerance.models import Passage, Site
from itinerance.planning import apply_plan, make_plan, replacement_day
from tests.factories import RuleFactory, TourFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def dates(plan):
    return sorted(slot.date for slot in plan.new)


def test_first_and_third_tuesdays_across_months():
    rule = RuleFactory(weeks_of_month="1,3")

    plan = make_plan(dt.date(2027, 1, 1), dt.date(2027, 3, 31), Site.objects.filter(pk=rule.site.pk))

    assert dates(plan) == [
        dt.date(2027, 1, 5),
        dt.date(2027, 1, 19),
        dt.date(2027, 2, 2),
        dt.date(2027, 2, 16),
        dt.date(2027, 3, 2),
        dt.date(2027, 3, 16),
    ]
    assert plan.conflicts == []


@pytest.mark.parametrize(
    ("parity", "expected"),
    [
        # 2026 has 53 ISO weeks: week 53 (odd) is followed by week 1 (odd) of 2027.
        (WeekParity.EVEN, [dt.date(2026, 12, 21), dt.date(2027, 1, 11)]),
        (
            WeekParity.ODD,
            [dt.date(2026, 12, 14), dt.date(2026, 12, 28), dt.date(2027, 1, 4), dt.date(2027, 1, 18)],
        ),
    ],
)
def test_even_and_odd_iso_weeks_across_the_year_end(parity, expected):
    rule = RuleFactory(kind=RuleKind.WEEK_PARITY, weekday=Weekday.MONDAY, weeks_of_month="", parity=parity)

    found = rule.dates_between(dt.date(2026, 12, 14), dt.date(2027, 1, 18))

    assert found == expected


def test_every_other_thursday_from_a_date():
    rule = RuleFactory(
        kind=RuleKind.FORTNIGHTLY, weekday=Weekday.THURSDAY, weeks_of_month="", starts_on=dt.date(2027, 1, 7)
    )

    assert rule.dates_between(dt.date(2026, 12, 1), dt.date(2027, 2, 10)) == [
        dt.date(2027, 1, 7),
        dt.date(2027, 1, 21),
        dt.date(2027, 2, 4),
    ]


def test_a_public_holiday_is_skipped_and_a_replacement_day_proposed():
    # Easter Monday 2027 is 29 March, in ISO week 13 (odd).
    rule = RuleFactory(
        kind=RuleKind.WEEK_PARITY, weekday=Weekday.MONDAY, weeks_of_month="", parity=WeekParity.ODD
    )

    plan = make_plan(dt.date(2027, 3, 22), dt.date(2027, 4, 4), Site.objects.filter(pk=rule.site.pk))

    assert dates(plan) == [dt.date(2027, 3, 30)]
    assert plan.new[0].holiday == "Lundi de Pâques"
    assert (
        "lundi 29\u00a0mars 2027 (Lundi de Pâques) est férié ; passage proposé le mardi 30\u00a0mars 2027"
        in (plan.holidays[0])
    )


def test_the_replacement_day_stays_in_the_same_week():
    assert replacement_day(dt.date(2027, 5, 6)) == dt.date(2027, 5, 7)  # Ascension, a Thursday
    assert replacement_day(dt.date(2026, 12, 25)) == dt.date(2026, 12, 24)  # Christmas, a Friday


def test_regenerating_never_duplicates():
    rule = RuleFactory()
    sites = Site.objects.filter(pk=rule.site.pk)
    first, last = dt.date(2027, 1, 1), dt.date(2027, 6, 30)

    apply_plan(make_plan(first, last, sites), confirm_changes=False)
    again = make_plan(first, last, sites)
    apply_plan(again, confirm_changes=False)

    assert Passage.objects.count() == 12
    assert again.new == [] and again.changes == [] and len(again.kept) == 12


def test_a_cancelled_passage_is_not_brought_back():
    rule = RuleFactory()
    sites = Site.objects.filter(pk=rule.site.pk)
    apply_plan(make_plan(dt.date(2027, 1, 1), dt.date(2027, 1, 31), sites), confirm_changes=False)
    Passage.objects.filter(date=dt.date(2027, 1, 5)).update(
        status=PassageStatus.CANCELLED, public_reason="Panne"
    )

    plan = make_plan(dt.date(2027, 1, 1), dt.date(2027, 1, 31), sites)

    assert plan.new == []
    assert Passage.objects.get(date=dt.date(2027, 1, 5)).status == PassageStatus.CANCELLED


def test_a_changed_rule_lists_the_announced_passages_it_moves_and_waits_for_confirmation():
    rule = RuleFactory()
    sites = Site.objects.filter(pk=rule.site.pk)
    first, last = dt.date(2027, 1, 1), dt.date(2027, 1, 31)
    apply_plan(make_plan(first, last, sites), confirm_changes=False)
    rule.weekday, rule.starts_at, rule.ends_at = Weekday.WEDNESDAY, dt.time(14), dt.time(17)
    rule.save()

    plan = make_plan(first, last, sites)
    apply_plan(plan, confirm_changes=False)

    assert [change.describe() for change in plan.changes][0].endswith(
        "n'est plus prévu par les règles, il sera annulé."
    )
    assert set(Passage.objects.filter(status=PassageStatus.PLANNED).values_list("date", flat=True)) >= {
        dt.date(2027, 1, 5),
        dt.date(2027, 1, 19),
    }, "announced passages stay until the change is confirmed"

    apply_plan(make_plan(first, last, sites), confirm_changes=True)

    old = Passage.objects.get(date=dt.date(2027, 1, 5))
    assert old.status == PassageStatus.CANCELLED and old.public_reason
    assert Passage.objects.filter(date=dt.date(2027, 1, 6), status=PassageStatus.PLANNED).exists()


def test_a_new_time_is_a_change_to_confirm():
    rule = RuleFactory()
    sites = Site.objects.filter(pk=rule.site.pk)
    first, last = dt.date(2027, 1, 1), dt.date(2027, 1, 31)
    apply_plan(make_plan(first, last, sites), confirm_changes=False)
    rule.starts_at, rule.ends_at = dt.time(10), dt.time(12)
    rule.save()

    plan = make_plan(first, last, sites)

    assert plan.new == []
    assert "l'horaire devient 10\u00a0h\u00a0– 12\u00a0h" in plan.changes[0].describe()
    apply_plan(plan, confirm_changes=True)
    passage = Passage.objects.get(date=dt.date(2027, 1, 5))
    assert passage.starts_at == dt.time(10) and passage.sequence == 1
    assert Passage.objects.count() == 2


def test_a_unit_in_two_places_at_once_is_flagged():
    tour = TourFactory(unit__name="Unité Nord")
    RuleFactory(site__tour=tour, site__name="Mairie de Dunes")
    RuleFactory(site__tour=tour, site__name="Mairie de Gramont")

    plan = make_plan(dt.date(2027, 1, 1), dt.date(2027, 1, 31), Site.objects.all())

    assert any(
        "L'unité Unité Nord est attendue au même moment" in c and "Dunes" in c and "Gramont" in c
        for c in plan.conflicts
    )


def test_an_impossible_journey_between_two_sites_of_the_day_is_flagged():
    tour = TourFactory(unit__name="Unité Ouest")
    # About 60 km apart: more than an hour's drive at 50 km/h, with only 30 minutes between them.
    RuleFactory(site__tour=tour, site__name="Auvillar", site__latitude=44.07, site__longitude=0.90)
    RuleFactory(
        site__tour=tour,
        site__name="Bruniquel",
        site__latitude=44.06,
        site__longitude=1.66,
        starts_at=dt.time(12, 30),
        ends_at=dt.time(16),
    )

    plan = make_plan(dt.date(2027, 1, 1), dt.date(2027, 1, 31), Site.objects.all())

    travel = [c for c in plan.conflicts if "de route à 50" in c]
    assert "entre Auvillar (Commune" in travel[0] and "(fin à 12\u00a0h) et Bruniquel" in travel[0]
    assert travel[0].endswith(
        "soit environ 1\u00a0h\u00a013 de route à 50\u00a0km/h ; il n'y a que 30\u00a0min."
    )


def test_an_agent_of_two_units_in_two_places_at_once_is_flagged():
    agent = UserFactory(role="itinerant", first_name="Aline", last_name="Exemple")
    RuleFactory(site__tour__unit=UnitFactory(agents=[agent]))
    RuleFactory(site__tour__unit=UnitFactory(agents=[agent]))

    plan = make_plan(dt.date(2027, 1, 1), dt.date(2027, 1, 31), Site.objects.all())

    assert any(c.startswith("Aline Exemple est attendu(e) au même moment") for c in plan.conflicts)


def test_a_site_with_fewer_than_two_passages_in_a_month_is_flagged():
    RuleFactory(site__name="Mairie de Parisot", weeks_of_month="2")

    plan = make_plan(dt.date(2027, 1, 1), dt.date(2027, 2, 28), Site.objects.all())

    assert "Mairie de Parisot (Commune" in plan.conflicts[0]
    assert "1\u00a0passage en janvier 2027 (au moins 2 attendus)" in plan.conflicts[0]
    assert len(plan.conflicts) == 2  # January and February


def test_passages_added_by_hand_are_never_touched():
    rule = RuleFactory()
    manual = Passage.objects.create(
        tour=rule.site.tour,
        site=rule.site,
        date=dt.date(2027, 1, 8),
        starts_at=dt.time(9),
        ends_at=dt.time(12),
    )

    plan = make_plan(dt.date(2027, 1, 1), dt.date(2027, 1, 31), Site.objects.all())

    assert plan.changes == []
    assert manual.pk in {slot.passage.pk for slot in plan.kept}

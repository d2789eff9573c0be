"""Permanences in French words, their next dates, phone numbers, and "open now"."""

import datetime as dt
import zoneinfo

import pytest
from django.core.exceptions import ValidationError

from annuaire.enums import Recurrence, Weekday
from annuaire.models import Permanence
from annuaire.phones import normalize_french_phone
from tests import factories

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


@pytest.mark.parametrize(
    ("fields", "text"),
    [
        (
            {"recurrence": Recurrence.MONTHLY, "weekday": 1, "weeks_of_month": "2,4"},
            "2e et 4e mardis du mois, 9\u00a0h\u00a0– 12\u00a0h",
        ),
        (
            {"recurrence": Recurrence.MONTHLY, "weekday": 3, "weeks_of_month": "1"},
            "1er jeudi du mois, 9\u00a0h\u00a0– 12\u00a0h",
        ),
        (
            {"recurrence": Recurrence.MONTHLY, "weekday": 0, "weeks_of_month": "1,3,5"},
            "1er, 3e et 5e lundis du mois, 9\u00a0h\u00a0– 12\u00a0h",
        ),
        ({"recurrence": Recurrence.WEEKLY, "weekday": 4}, "Tous les vendredis, 9\u00a0h\u00a0– 12\u00a0h"),
        ({"recurrence": Recurrence.APPOINTMENT, "starts_at": None, "ends_at": None}, "Sur rendez-vous"),
        ({"recurrence": Recurrence.VISIO}, "En visioconférence, 9\u00a0h\u00a0– 12\u00a0h"),
    ],
)
def test_permanence_in_french(fields, text):
    permanence = Permanence(**{"starts_at": dt.time(9), "ends_at": dt.time(12)} | fields)
    assert permanence.describe() == text


def test_half_hours_are_written_the_french_way():
    permanence = Permanence(
        recurrence=Recurrence.WEEKLY, weekday=1, starts_at=dt.time(13, 30), ends_at=dt.time(17)
    )
    assert permanence.describe() == "Tous les mardis, 13\u00a0h\u00a030\u00a0– 17\u00a0h"


def test_next_occurrences_of_second_and_fourth_tuesdays():
    permanence = Permanence(recurrence=Recurrence.MONTHLY, weekday=Weekday.TUESDAY, weeks_of_month="2,4")
    dates = list(permanence.next_occurrences(dt.date(2026, 11, 23), count=3))
    assert dates == [dt.date(2026, 11, 24), dt.date(2026, 12, 8), dt.date(2026, 12, 22)]


def test_appointments_have_no_dates():
    assert list(Permanence(recurrence=Recurrence.APPOINTMENT).next_occurrences(dt.date(2026, 1, 1))) == []


def test_monthly_permanence_needs_its_weeks():
    permanence = Permanence(
        recurrence=Recurrence.MONTHLY, weekday=1, starts_at=dt.time(9), ends_at=dt.time(12)
    )
    with pytest.raises(ValidationError) as error:
        permanence.clean()
    assert "weeks_of_month" in error.value.message_dict


@pytest.mark.parametrize(
    "typed", ["0563123456", "05.63.12.34.56", "05-63-12-34-56", "+33 5 63 12 34 56", "+33 (0)5 63 12 34 56"]
)
def test_phone_numbers_are_normalised(typed):
    assert normalize_french_phone(typed) == "05 63 12 34 56"


@pytest.mark.parametrize(
    "typed", ["12 34", "5 63 12 34 56", "00 63 12 34 56", "05 63 12 34 567", "+44 20 7946 0000"]
)
def test_bad_phone_numbers_are_refused(typed):
    with pytest.raises(ValidationError, match="Numéro de téléphone invalide"):
        normalize_french_phone(typed)


@pytest.fixture
def monday_structure(db):
    structure = factories.StructureFactory()
    factories.OpeningHoursFactory(
        structure=structure, weekday=Weekday.MONDAY, opens=dt.time(9), closes=dt.time(12)
    )
    factories.OpeningHoursFactory(
        structure=structure, weekday=Weekday.MONDAY, opens=dt.time(14), closes=dt.time(17)
    )
    return structure


MONDAY_MORNING = dt.datetime(2026, 11, 23, 10, 0, tzinfo=PARIS)


def test_open_during_a_range_in_paris_time(monday_structure):
    assert monday_structure.is_open_at(MONDAY_MORNING)
    # 09:30 UTC is 10:30 in Paris in November: open; 12:30 Paris is the lunch break.
    assert monday_structure.is_open_at(dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.UTC))
    assert not monday_structure.is_open_at(MONDAY_MORNING.replace(hour=12, minute=30))
    assert not monday_structure.is_open_at(MONDAY_MORNING + dt.timedelta(days=1))


def test_closed_during_an_exceptional_closure(monday_structure):
    factories.ClosureFactory(
        structure=monday_structure, starts_on=dt.date(2026, 11, 23), ends_on=dt.date(2026, 11, 23)
    )
    assert not monday_structure.is_open_at(MONDAY_MORNING)
    assert monday_structure.is_open_at(MONDAY_MORNING + dt.timedelta(days=7))


def test_structure_page_says_open_or_closed_in_words(client, pilotage, monday_structure, time_machine):
    client.force_login(pilotage)
    time_machine.move_to(MONDAY_MORNING, tick=False)
    page = client.get(monday_structure.get_absolute_url()).content.decode()
    assert "Ouvert en ce moment." in page
    assert "9\u00a0h\u00a0– 12\u00a0h et 14\u00a0h\u00a0– 17\u00a0h" in page

    factories.ClosureFactory(
        structure=monday_structure,
        starts_on=dt.date(2026, 11, 23),
        ends_on=dt.date(2026, 11, 23),
        reason="Formation",
    )
    page = client.get(monday_structure.get_absolute_url()).content.decode()
    assert "Fermé en ce moment." in page
    assert "Fermeture exceptionnelle le 23\u00a0novembre 2026 (Formation)." in page


def test_next_opening_skips_the_lunch_break_and_closures(monday_structure):
    lunch = MONDAY_MORNING.replace(hour=12, minute=30)
    assert monday_structure.next_opening(lunch) == MONDAY_MORNING.replace(hour=14)
    evening = MONDAY_MORNING.replace(hour=18)
    assert monday_structure.next_opening(evening) == MONDAY_MORNING.replace(hour=9) + dt.timedelta(days=7)
    factories.ClosureFactory(
        structure=monday_structure, starts_on=dt.date(2026, 11, 30), ends_on=dt.date(2026, 11, 30)
    )
    assert monday_structure.next_opening(evening) == MONDAY_MORNING.replace(hour=9) + dt.timedelta(days=14)


def test_page_tells_when_a_closed_structure_opens_again(client, pilotage, monday_structure, time_machine):
    client.force_login(pilotage)
    time_machine.move_to(MONDAY_MORNING.replace(hour=12, minute=30), tick=False)
    page = client.get(monday_structure.get_absolute_url()).content.decode()
    expected = "Fermé en ce moment.</strong> Prochaine ouverture&nbsp;: lundi 23\u00a0novembre à 14\u00a0h."
    assert expected in page

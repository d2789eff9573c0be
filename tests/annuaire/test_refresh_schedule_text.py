"""Opening hours and closures as one cell of text (annuaire.refresh.schedule_text)."""

import datetime as dt

import pytest

from annuaire.refresh.schedule_text import Closure, format_closures, format_week, parse_closures, parse_week


def test_week_round_trips_and_accepts_loose_writing():
    ranges = parse_week("vendredi 14h-17h;  LUN 9:00-12:00 13h30-17h ; mar. 09:00-12:00")
    assert format_week(ranges) == "lun 09:00-12:00 13:30-17:00; mar 09:00-12:00; ven 14:00-17:00"
    assert parse_week(format_week(ranges)) == ranges


def test_an_empty_cell_is_a_closed_week():
    assert parse_week("") == parse_week(None) == []
    assert format_week([]) == ""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("lun 12:00-09:00", "la fermeture doit suivre l'ouverture"),
        ("lun 09:00-12:00 11:00-14:00", "se chevauchent"),
        ("lundy 09:00-12:00", "Jour « lundy » inconnu"),
        ("lun", "Aucune plage horaire"),
        ("lun 9-12", "illisible"),
        ("lun 25:00-26:00", "Heure invalide"),
    ],
)
def test_bad_weeks_are_refused_in_french(text, message):
    with pytest.raises(ValueError, match=message):
        parse_week(text)


def test_closures_round_trip():
    text = "01/05/2027 Fête du travail\n24/12/2026-26/12/2026 Noël"
    closures = parse_closures(text)
    assert closures == [
        Closure(dt.date(2026, 12, 24), dt.date(2026, 12, 26), "Noël"),
        Closure(dt.date(2027, 5, 1), dt.date(2027, 5, 1), "Fête du travail"),
    ]
    assert format_closures(closures) == "24/12/2026-26/12/2026 Noël\n01/05/2027 Fête du travail"


@pytest.mark.parametrize(
    ("text", "message"),
    [("26/12/2026-24/12/2026", "précède"), ("31/02/2026", "invalide"), ("Noël", "illisible")],
)
def test_bad_closures_are_refused_in_french(text, message):
    with pytest.raises(ValueError, match=message):
        parse_closures(text)

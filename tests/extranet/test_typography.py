"""French typography filters (`{% load french %}`): what a reader sees, space by space."""

import datetime as dt
import zoneinfo

import pytest
from django.template import Context, Template

from extranet.typography import NBSP, NNBSP, format_date_range

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def render(source: str, **context) -> str:
    return Template("{% load french %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.time(9, 0), f"9{NBSP}h"),
        (dt.time(14, 30), f"14{NBSP}h{NBSP}30"),
        (dt.time(8, 5), f"8{NBSP}h{NBSP}05"),
        (dt.time(0, 0), f"0{NBSP}h"),
    ],
)
def test_time_is_written_the_french_way_and_never_breaks(value, expected):
    assert render("{{ t|fr_time }}", t=value) == expected


def test_time_of_an_aware_datetime_is_shown_in_paris_time():
    # 12:30 UTC in summer is 14 h 30 in Paris.
    moment = dt.datetime(2026, 7, 1, 12, 30, tzinfo=dt.UTC)
    assert render("{{ m|fr_time }}", m=moment) == f"14{NBSP}h{NBSP}30"


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ("", f"1er{NBSP}décembre 2026"),
        ("weekday", f"mardi 1er{NBSP}décembre 2026"),
        ("weekday,noyear", f"mardi 1er{NBSP}décembre"),
        ("noyear", f"1er{NBSP}décembre"),
    ],
)
def test_first_of_the_month_is_written_1er(options, expected):
    assert render("{{ d|fr_date:o }}", d=dt.date(2026, 12, 1), o=options) == expected


def test_other_days_are_plain_numbers():
    assert render('{{ d|fr_date:"weekday" }}', d=dt.date(2026, 12, 2)) == f"mercredi 2{NBSP}décembre 2026"


def test_datetime_is_written_out_in_paris_time():
    # 23:15 UTC on 30 November is already 1 December in Paris (winter, UTC+1).
    moment = dt.datetime(2026, 11, 30, 23, 15, tzinfo=dt.UTC)
    assert render("{{ m|fr_datetime }}", m=moment) == f"1er{NBSP}décembre 2026 à 0{NBSP}h{NBSP}15"
    assert render("{{ m|fr_date }}", m=moment) == f"1er{NBSP}décembre 2026"
    assert render('{{ m|fr_datetime:"weekday" }}', m=moment).startswith("mardi 1er")


def test_empty_dates_and_times_print_nothing():
    assert render("{{ d|fr_date }}{{ d|fr_datetime }}{{ d|fr_time }}", d=None) == ""


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (0, f"0{NBSP}référent"),
        (1, f"1{NBSP}référent"),
        (2, f"2{NBSP}référents"),
        (12500, f"12{NNBSP}500{NBSP}référents"),
    ],
)
def test_plural_follows_the_french_rule_zero_and_one_are_singular(count, expected):
    assert render('{{ n|fr_plural:"référent" }}', n=count) == expected


def test_plural_of_every_word_and_irregular_plurals():
    assert render('{{ n|fr_plural:"place restante" }}', n=3) == f"3{NBSP}places restantes"
    assert render('{{ n|fr_plural:"travail,travaux" }}', n=2) == f"2{NBSP}travaux"
    assert render('{{ n|fr_plural:"travail,travaux" }}', n=1) == f"1{NBSP}travail"
    # A word already ending in s stays as it is.
    assert render('{{ n|fr_plural:"mois" }}', n=4) == f"4{NBSP}mois"


def test_plural_counts_a_collection():
    assert render('{{ items|fr_plural:"référent" }}', items=["a", "b"]) == f"2{NBSP}référents"


def test_numbers_are_grouped_with_a_narrow_non_breaking_space():
    assert render("{{ n|fr_number }}", n=1234567) == f"1{NNBSP}234{NNBSP}567"
    assert render("{{ n|fr_number }}", n=999) == "999"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Qui contacter ?", f"Qui contacter{NNBSP}?"),
        ("Qui contacter?", f"Qui contacter{NNBSP}?"),
        ("Attention : fermé", f"Attention{NBSP}: fermé"),
        ("Attention: fermé", f"Attention{NBSP}: fermé"),
        ("Oui ; non", f"Oui{NNBSP}; non"),
        ("Vraiment !?", f"Vraiment{NNBSP}!?"),
        ("« prime »", f"«{NBSP}prime{NBSP}»"),
        # Times, addresses and query strings are not punctuation.
        ("à 14:30", "à 14:30"),
        ("voir https://example.org/?page=2", "voir https://example.org/?page=2"),
    ],
)
def test_punctuation_gets_its_french_space(text, expected):
    assert render("{{ t|fr_punct }}", t=text) == expected


def test_punctuation_filter_escapes_text_and_keeps_entities_whole():
    escaped = f"&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;{NNBSP}?"
    assert render("{{ t|fr_punct }}", t="<b>Tom & Jerry</b> ?") == escaped
    assert render("{{ t|fr_punct }}", t="l'aide ?") == f"l&#x27;aide{NNBSP}?"


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (dt.date(2026, 3, 3), dt.date(2026, 3, 3), f"le 3{NBSP}mars 2026"),
        (dt.date(2026, 3, 1), dt.date(2026, 3, 5), f"du 1er au 5{NBSP}mars 2026"),
        (dt.date(2026, 3, 30), dt.date(2026, 4, 2), f"du 30{NBSP}mars au 2{NBSP}avril 2026"),
        (dt.date(2026, 12, 30), dt.date(2027, 1, 1), f"du 30{NBSP}décembre 2026 au 1er{NBSP}janvier 2027"),
    ],
)
def test_date_ranges_write_what_both_ends_share_once(start, end, expected):
    assert format_date_range(start, end) == expected


def test_date_ranges_with_weekdays():
    expected = f"du mardi 3 au jeudi 5{NBSP}mars 2026"
    assert format_date_range(dt.date(2026, 3, 3), dt.date(2026, 3, 5), weekday=True) == expected

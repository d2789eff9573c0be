"""The directory exported in the national list's format: round trip of a realistic national file,
the OpenStreetMap `opening_hours` column checked against the OSM grammar, no referent contact,
the download links and who may use them, and `manage.py export_france_services`."""

import csv
import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from annuaire import national
from annuaire.enums import StructureStatus
from annuaire.models import OpeningHours, Structure
from annuaire.national_import import NationalListResource
from extranet.spreadsheets.imports import import_table_file
from tests import factories
from tests.admin_imports import page_text
from tests.national_files import ITINERANT, LAGUEPIE, MOLIERES, national_csv, national_rows

pytestmark = pytest.mark.django_db


def import_file(content: bytes):
    result = import_table_file(NationalListResource(), content, dry_run=False)
    assert not result.spreadsheet.messages, result.spreadsheet.messages
    return result


def read_csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8"), newline=""), delimiter=","))


# --- OpenStreetMap opening_hours grammar ----------------------------------------------------------
# The subset of https://wiki.openstreetmap.org/wiki/Key:opening_hours/specification the export
# writes: rules separated by "; ", each a weekday selector and a time selector.
#   time_domain      = rule_sequence *( "; " rule_sequence )
#   rule_sequence    = weekday_selector " " time_selector
#   weekday_selector = weekday_range *( "," weekday_range )
#   weekday_range    = wday [ "-" wday ]
#   wday             = "Mo" / "Tu" / "We" / "Th" / "Fr" / "Sa" / "Su"
#   time_selector    = timespan *( "," timespan )
#   timespan         = time "-" time
#   time             = hour ":" minute          ; hour 00–24, minute 00–59, 24:00 only as an end

WDAYS = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
WDAY = "(?:Mo|Tu|We|Th|Fr|Sa|Su)"
TIME = r"(?:[01]\d|2[0-4]):[0-5]\d"
RULE = re.compile(
    rf"^(?P<days>{WDAY}(?:-{WDAY})?(?:,{WDAY}(?:-{WDAY})?)*) (?P<times>{TIME}-{TIME}(?:,{TIME}-{TIME})*)$"
)


def osm_week(value: str) -> dict[str, list[tuple[str, str]]]:
    """The week an `opening_hours` value describes; AssertionError if it breaks the grammar above
    (or says something odd: a range ending before it starts, overlapping ranges, a day twice)."""
    week: dict[str, list[tuple[str, str]]] = {}
    if value == "":
        return week
    for rule in value.split("; "):
        match = RULE.match(rule)
        assert match, f"not OSM opening_hours: {rule!r} in {value!r}"
        spans = [tuple(span.split("-")) for span in match["times"].split(",")]
        for start, end in spans:
            assert start < end and start != "24:00", f"span {start}-{end} in {value!r}"
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False)), value
        for part in match["days"].split(","):
            first, _, last = part.partition("-")
            days = WDAYS[WDAYS.index(first) : WDAYS.index(last or first) + 1]
            assert days, f"empty day range {part!r} in {value!r}"
            for day in days:
                assert day not in week, f"{day} given twice in {value!r}"
                week[day] = spans
    return week


@pytest.mark.parametrize(
    "value",
    ["Mo-Fr 9h-12h", "Lu 09:00-12:00", "Mo 09:00-12:00;Tu 09:00-12:00", "Mo 12:00-09:00", "Mo,Mo 09:00-10:00",
     "Mo 09:00-12:00,11:00-13:00", "Mo-Fr", "Mo 25:00-26:00"],
)  # fmt: skip
def test_the_grammar_checker_refuses_what_osm_refuses(value):
    with pytest.raises(AssertionError):
        osm_week(value)


def test_osm_opening_hours_of_the_issue_example():
    ranges = [
        OpeningHours(weekday=day, opens=dt.time(*opens), closes=dt.time(*closes))
        for day in range(5)
        for opens, closes in (((9, 0), (12, 0)), ((13, 30), (17, 0)))
    ] + [OpeningHours(weekday=5, opens=dt.time(9), closes=dt.time(12))]

    value = national.osm_opening_hours(ranges)

    assert value == "Mo-Fr 09:00-12:00,13:30-17:00; Sa 09:00-12:00"
    assert osm_week(value)["Sa"] == [("09:00", "12:00")]


# --- Round trip -----------------------------------------------------------------------------------


def test_round_trip_of_the_national_file_gives_back_the_same_rows(tmp_path):
    rows = national_rows()  # Tarn-et-Garonne and two other départements
    import_file(national_csv(rows))
    path = tmp_path / "export.csv"

    out = io.StringIO()
    call_command("export_france_services", str(path), stdout=out)

    assert out.getvalue() == f"3 structures exportées dans {path}.\n"
    exported = read_csv(path.read_bytes())
    assert exported[0] == [*rows[0], "opening_hours"]
    published = {row[0]: row for row in rows[1:] if row[1] == "82"}
    assert {row[0]: row[:-1] for row in exported[1:]} == published
    osm = {row[0]: row[-1] for row in exported[1:]}
    assert osm["1234"] == "Mo-Tu,Th 09:00-12:00,13:30-17:00; Fr 09:00-12:00,13:30-16:30; Sa 09:00-12:00"
    assert osm["1235"] == "Mo-Tu,Th-Fr 09:00-12:00,14:00-17:00; We 09:00-12:00"
    for row in exported[1:]:
        week = osm_week(row[-1])
        for column, day in national.DAY_COLUMNS.items():
            written = row[exported[0].index(column)]
            assert week.get(WDAYS[day], []) == [
                tuple(part.strip() for part in span.split(" - ")) for span in written.split(" / ") if span
            ]


def test_the_exported_file_imports_back_with_nothing_to_change(client, pilotage):
    import_file(national_csv(national_rows(MOLIERES, ITINERANT, LAGUEPIE)))
    client.force_login(pilotage)
    exported = client.get(reverse("annuaire:national_export")).content

    result = import_file(exported)

    assert [row.import_type for row in result.valid_rows()] == ["skip", "skip", "skip"]
    assert result.spreadsheet.ignored == ["opening_hours"]


def test_a_directory_structure_is_exported_without_referent_contact_and_text_is_never_a_formula():
    structure = factories.StructureFactory(
        name='=HYPERLINK("http://example.org")',
        referent_name="Jeanne Référente",
        referent_email="jeanne.referente@example.org",
        referent_phone="06 11 22 33 44",
        elected_email="maire@example.org",
        latitude="44.0",
        longitude="-1.5",
    )
    closed = factories.StructureFactory(name="France Services fermée", status=StructureStatus.CLOSED)

    content = national.export_csv(national.exported_structures(Structure.objects.all()))

    text = content.decode("utf-8")
    assert "jeanne" not in text.lower() and "06 11 22 33 44" not in text and "maire@" not in text
    assert closed.name not in text
    [header, row] = read_csv(content)
    values = dict(zip(header, row, strict=True))
    assert values["lib_fs"] == "'" + structure.name
    assert (values["latitude"], values["longitude"]) == ("44.0", "-1.5")  # signs, not formulae
    assert values["insee_dep"] == "82" and values["h_lundi"] == "" and values["opening_hours"] == ""


# --- Pages and links ------------------------------------------------------------------------------


def test_steering_and_cci_download_the_directory_from_the_list(client, pilotage, animateur, structure):
    for user in (pilotage, animateur):
        client.force_login(user)
        page = page_text(client.get(reverse("annuaire:structure_list")))
        assert "Télécharger l'annuaire au format de la liste nationale des France Services (CSV)" in page
        response = client.get(reverse("annuaire:national_export"))
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert 'attachment; filename="liste-france-services-82-' in response["Content-Disposition"]
        assert read_csv(response.content)[1][2] == structure.name


def test_other_members_neither_see_nor_download_the_whole_export(client, conseiller):
    client.force_login(conseiller)
    assert "liste nationale" not in page_text(client.get(reverse("annuaire:structure_list")))
    assert client.get(reverse("annuaire:national_export")).status_code == 403


def test_the_structure_page_links_its_own_national_row(client, conseiller, structure):
    other = factories.StructureFactory(name="Autre structure")
    client.force_login(conseiller)
    page = client.get(structure.get_absolute_url())
    url = reverse("annuaire:structure_national_export", args=[structure.slug])
    assert f'href="{url}"' in page.content.decode()
    assert "Fiche d'identité nationale" in page_text(page)

    response = client.get(url)

    rows = read_csv(response.content)
    assert [row[2] for row in rows[1:]] == [structure.name] and other.name not in response.content.decode()
    assert 'filename="fiche-nationale-msap-molieres.csv"' in response["Content-Disposition"]
    assert client.get(reverse("annuaire:structure_national_export", args=["inconnue"])).status_code == 404


def test_the_export_costs_the_same_queries_whatever_the_number_of_structures(
    client, pilotage, django_assert_max_num_queries
):
    for index in range(10):
        structure = factories.StructureFactory(name=f"Structure {index}")
        OpeningHours.objects.create(structure=structure, weekday=0, opens=dt.time(9), closes=dt.time(12))
    client.force_login(pilotage)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("annuaire:national_export"))
    assert len(read_csv(response.content)) == 11

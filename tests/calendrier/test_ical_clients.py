"""Our iCalendar files read by a second parser: Mozilla's calendar engine (ical.js, inside Thunderbird).

Python's icalendar writes the files and would read back whatever it wrote; ical.js, run through Node,
is the reference for what Thunderbird shows. A July and a January event must land on the same UTC
instants in both (summer time +2 h, winter time +1 h).
"""

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import icalendar
import pytest
from django.conf import settings
from django.urls import reverse

from calendrier.models import CalendarToken

JS_DIR = Path(__file__).resolve().parents[1] / "js"
UTC = dt.UTC


def read_with_ical_js(content: bytes, tmp_path: Path) -> dict[str, dict]:
    node = shutil.which("node")
    assert node, "Node.js is needed to read the calendars with ical.js."
    assert (JS_DIR / "node_modules" / "ical.js").exists(), "ical.js is not installed: run `make test`."
    path = tmp_path / "calendar.ics"
    path.write_bytes(content)
    result = subprocess.run(
        [node, str(JS_DIR / "ical_instants.mjs"), str(path)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return {event["uid"]: event for event in json.loads(result.stdout)}


def iso(moment: dt.datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def next_date(month: int, day: int) -> dt.date:
    """The next `day`/`month` to come, within the year the feed shows."""
    today = dt.date.today()
    candidate = dt.date(today.year, month, day)
    return candidate if candidate > today else dt.date(today.year + 1, month, day)


def utc(day: dt.date, hour: int, minute: int, offset_hours: int) -> str:
    """The UTC instant of a Paris wall-clock time, the offset written out (+2 summer, +1 winter)."""
    offset = dt.timezone(dt.timedelta(hours=offset_hours))
    return iso(dt.datetime.combine(day, dt.time(hour, minute), tzinfo=offset))


@pytest.fixture
def summer_and_winter(make_event):
    july = make_event(
        title="Rencontre d'été",
        start_date=next_date(7, 8),
        start_time=dt.time(14, 30),
        end_time=dt.time(16),
    )
    january = make_event(
        title="Vœux du réseau", start_date=next_date(1, 14), start_time=dt.time(9), end_time=dt.time(10)
    )
    return july, january


def test_the_site_runs_in_the_zone_the_calendars_describe():
    assert settings.TIME_ZONE == "Europe/Paris"


def test_the_feed_shows_summer_and_winter_events_at_the_same_instants_in_thunderbird(
    client, conseiller, summer_and_winter, tmp_path
):
    july, january = summer_and_winter
    content = client.get(CalendarToken.for_user(conseiller).get_absolute_url()).content

    seen_by_thunderbird = read_with_ical_js(content, tmp_path)
    seen_by_python = {str(c["uid"]): c for c in icalendar.Calendar.from_ical(content).walk("VEVENT")}

    # 14:30 in Paris in July is 12:30 UTC (summer time); 9:00 in January is 8:00 UTC.
    assert seen_by_thunderbird[july.ical_uid()]["start"] == utc(july.start_date, 14, 30, offset_hours=2)
    assert seen_by_thunderbird[july.ical_uid()]["end"] == utc(july.start_date, 16, 0, offset_hours=2)
    assert seen_by_thunderbird[january.ical_uid()]["start"] == utc(january.start_date, 9, 0, offset_hours=1)
    for event in (july, january):
        assert (
            iso(seen_by_python[event.ical_uid()].decoded("dtstart"))
            == seen_by_thunderbird[event.ical_uid()]["start"]
        )


def test_the_event_file_reads_the_same_in_thunderbird(client, conseiller, summer_and_winter, tmp_path):
    july, _ = summer_and_winter
    client.force_login(conseiller)

    content = client.get(reverse("calendrier:event_ics", args=[july.pk])).content

    start = read_with_ical_js(content, tmp_path)[july.ical_uid()]["start"]
    assert start == utc(july.start_date, 14, 30, offset_hours=2)


def test_the_time_zone_is_written_with_yearly_rules_not_a_list_of_dates(
    client, conseiller, summer_and_winter
):
    calendar = icalendar.Calendar.from_ical(
        client.get(CalendarToken.for_user(conseiller).get_absolute_url()).content
    )

    (zone,) = calendar.walk("VTIMEZONE")
    seasons = zone.walk("DAYLIGHT") + zone.walk("STANDARD")
    assert len(seasons) == 2
    assert all("RRULE" in season and "RDATE" not in season for season in seasons)


def test_the_feed_keeps_descriptions_but_not_video_links_which_stay_behind_login(
    client, conseiller, make_event
):
    event = make_event(
        description="Ordre du jour : prime d'activité", visio_url="https://visio.example.org/secret"
    )

    feed = client.get(CalendarToken.for_user(conseiller).get_absolute_url()).content.decode()
    client.force_login(conseiller)
    event_file = client.get(reverse("calendrier:event_ics", args=[event.pk])).content.decode()
    page = client.get(event.get_absolute_url()).content.decode()

    unfolded = feed.replace("\r\n ", "")
    assert "Ordre du jour" in unfolded
    assert "visio.example.org/secret" not in unfolded
    assert "lien sur la page de l'événement" in unfolded
    assert "visio.example.org/secret" in event_file.replace("\r\n ", "")
    assert "visio.example.org/secret" in page

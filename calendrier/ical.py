"""iCalendar (RFC 5545) output: one event's .ics file and each member's subscription feed.

Calendar applications recognise an event by its UID and replace their copy when SEQUENCE grows, so
UIDs never change and every save of an event increments its sequence. Times are written in the
Europe/Paris zone with its VTIMEZONE (see `paris_timezone`). Nothing about the organiser (e-mail,
phone) is written, and the subscription feed leaves out video-call links: the feed is reachable
without a login by whoever holds its URL, while the link stays on the event page behind login.
"""

import datetime as dt
from collections.abc import Iterable

import icalendar
from django.conf import settings

from calendrier.enums import RegistrationStatus
from calendrier.models import Event, site_host
from calendrier.permanences import PermanenceOccurrence
from calendrier.sources import CalendarEntry
from extranet.emails import absolute_url

PRODID = "-//CCI Montauban et Tarn-et-Garonne//Extranet France Services 82//FR"


def _calendar(name: str) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    return calendar


def paris_timezone() -> icalendar.Timezone:
    """Europe/Paris as Thunderbird, Outlook and Google write it: one yearly rule per season.

    icalendar's generated zone lists every transition in one comma-separated RDATE, and Mozilla's
    calendar engine (Thunderbird) reads only the first date of such a list: summer events then show
    an hour late. The EU rule in force since 1996 — summer time from the last Sunday of March at
    2:00 to the last Sunday of October at 3:00 — covers every date the extranet can hold.
    """
    zone = icalendar.Timezone()
    zone.add("tzid", "Europe/Paris")
    zone.add("x-lic-location", "Europe/Paris")
    for kind, name, month, starts, offset_from, offset_to in (
        (icalendar.TimezoneDaylight, "CEST", 3, dt.datetime(1970, 3, 29, 2), 1, 2),
        (icalendar.TimezoneStandard, "CET", 10, dt.datetime(1970, 10, 25, 3), 2, 1),
    ):
        season = kind()
        season.add("tzname", name)
        season.add("dtstart", starts)
        season.add("tzoffsetfrom", dt.timedelta(hours=offset_from))
        season.add("tzoffsetto", dt.timedelta(hours=offset_to))
        season.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        zone.add_component(season)
    return zone


def _event_component(event: Event, status: str = "", *, with_visio: bool = True) -> icalendar.Event:
    component = icalendar.Event()
    component.add("uid", event.ical_uid())
    component.add("dtstamp", event.updated_at)
    component.add("created", event.created_at)
    component.add("last-modified", event.updated_at)
    component.add("sequence", event.sequence)
    if event.is_timed:
        component.add("dtstart", event.start)
        component.add("dtend", event.end)
    else:
        component.add("dtstart", event.start_date)
        component.add("dtend", event.end_date + dt.timedelta(days=1))  # exclusive end (RFC 5545)
    component.add("summary", f"{'ANNULÉ : ' if event.is_cancelled else ''}{event.title}")
    url = absolute_url(event.get_absolute_url())
    lines = [event.get_kind_display()]
    if status == RegistrationStatus.CONFIRMED:
        lines.append("Vous êtes inscrit(e) à cet événement.")
    elif status == RegistrationStatus.WAITING:
        lines.append("Vous êtes sur la liste d'attente de cet événement.")
    if event.description:
        lines.append(event.description)
    if event.visio_url:
        lines.append(
            f"Visioconférence : {event.visio_url}"
            if with_visio
            else "Visioconférence : lien sur la page de l'événement."
        )
    lines.append(url)
    component.add("description", "\n\n".join(lines))
    if event.place():
        component.add("location", event.place())
    component.add("url", url)
    component.add("categories", [event.get_kind_display()])
    component.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    component.add("transp", "OPAQUE")
    return component


def _permanence_component(occurrence: PermanenceOccurrence, stamp: dt.datetime) -> icalendar.Event:
    permanence = occurrence.permanence
    component = icalendar.Event()
    component.add("uid", f"{occurrence.uid_key()}@{site_host()}")
    component.add("dtstamp", stamp)
    component.add("dtstart", occurrence.start)
    component.add("dtend", occurrence.end)
    component.add("summary", occurrence.title)
    component.add("description", f"Permanence d'un partenaire (annuaire) : {permanence.describe()}")
    component.add("location", str(permanence.structure))
    component.add("categories", ["Permanence"])
    component.add("transp", "TRANSPARENT")  # the member is not busy: the partner is
    return component


def _entry_component(entry: CalendarEntry) -> icalendar.Event:
    """Another app's entry (a passage of the itinerant cell), its kind in words in the summary."""
    component = icalendar.Event()
    component.add("uid", f"{entry.uid_key}@{site_host()}")
    component.add("dtstamp", entry.updated_at)
    component.add("last-modified", entry.updated_at)
    component.add("sequence", entry.sequence)
    component.add("dtstart", entry.start)
    component.add("dtend", entry.end)
    prefix = f"{entry.cancelled_label.upper()} : " if entry.cancelled else ""
    component.add("summary", f"{prefix}{entry.kind} : {entry.title}")
    url = absolute_url(entry.url)
    lines = [entry.kind]
    if entry.cancelled and entry.note:
        lines.append(f"{entry.cancelled_label} : {entry.note}")
    if entry.description:
        lines.append(entry.description)
    lines.append(url)
    component.add("description", "\n\n".join(lines))
    if entry.location:
        component.add("location", entry.location)
    component.add("url", url)
    component.add("categories", [entry.kind])
    component.add("status", "CANCELLED" if entry.cancelled else "CONFIRMED")
    component.add("transp", "TRANSPARENT")  # the member is not busy: the cell is
    return component


def _serialise(calendar: icalendar.Calendar) -> bytes:
    # Every time is written in the site's zone (settings.TIME_ZONE, checked at start-up by a test).
    calendar.subcomponents.insert(0, paris_timezone())
    return calendar.to_ical()


def event_ics(event: Event) -> bytes:
    calendar = _calendar(event.title)
    calendar.add_component(_event_component(event))
    return _serialise(calendar)


def feed_ics(
    events: Iterable[Event],
    registrations: dict[int, str],
    occurrences: Iterable[PermanenceOccurrence],
    stamp: dt.datetime,
    entries: Iterable[CalendarEntry] = (),
) -> bytes:
    calendar = _calendar(settings.EXTRANET_NAME)
    calendar.add("refresh-interval", dt.timedelta(hours=6), parameters={"VALUE": "DURATION"})
    for event in events:
        calendar.add_component(_event_component(event, registrations.get(event.pk, ""), with_visio=False))
    for occurrence in occurrences:
        calendar.add_component(_permanence_component(occurrence, stamp))
    for entry in entries:
        calendar.add_component(_entry_component(entry))
    return _serialise(calendar)


def entries_ics(name: str, entries: Iterable[CalendarEntry]) -> bytes:
    """A calendar of other apps' entries alone: the itinerant cell's public feed per commune."""
    calendar = _calendar(name)
    calendar.add("refresh-interval", dt.timedelta(hours=6), parameters={"VALUE": "DURATION"})
    for entry in entries:
        calendar.add_component(_entry_component(entry))
    return _serialise(calendar)

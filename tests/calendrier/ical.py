"""Reading our calendar files with Python's icalendar, for the calendar tests."""

import icalendar


def parse_calendar(response) -> icalendar.Calendar:
    """The calendar a response carries (it must be served as text/calendar)."""
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def events_by_uid(calendar) -> dict[str, icalendar.Event]:
    return {str(component["uid"]): component for component in calendar.walk("VEVENT")}

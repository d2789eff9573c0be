"""French typography shared by every app: how times are written."""

import datetime as dt


def format_time(value: dt.time) -> str:
    """French way of writing a time: "9 h", "13 h 30"."""
    return f"{value.hour} h" if not value.minute else f"{value.hour} h {value.minute:02d}"


def format_time_range(start: dt.time, end: dt.time) -> str:
    return f"{format_time(start)} – {format_time(end)}"

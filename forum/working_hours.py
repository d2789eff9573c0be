"""Answer delays in working hours, as the convention France Services counts them (art. 4.2).

Choice: a working hour is any hour of a working day, counted over the whole day (24 h per working day)
in Europe/Paris; Saturdays, Sundays and French public holidays (extranet/working_days.py) count for
nothing. So "72 working hours" is three full working days, which is how "72 heures
ouvrées" is read in French public services, and a question asked on Friday at 16:00 and answered on
Monday at 10:00 waited 18 working hours. (Counting office hours only, 9:00-17:00, would turn the same
72 hours into nine working days: far from what the charter promises the public.)
"""

import datetime as dt
from zoneinfo import ZoneInfo

from extranet.working_days import is_working_day

PARIS = ZoneInfo("Europe/Paris")


def working_hours_between(start: dt.datetime, end: dt.datetime) -> float:
    """Working hours from `start` to `end` (aware datetimes); 0 when `end` is not after `start`."""
    if end <= start:
        return 0.0
    start, end = start.astimezone(PARIS), end.astimezone(PARIS)
    seconds = 0.0
    day = start.date()
    while day <= end.date():
        if is_working_day(day):
            day_start = dt.datetime.combine(day, dt.time.min, tzinfo=PARIS)
            day_end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=PARIS)
            # Timestamps, not datetime subtraction: with one shared tzinfo Python subtracts wall-clock
            # times, which would give 24 hours to the 23-hour day of the spring clock change.
            seconds += max(0.0, min(end, day_end).timestamp() - max(start, day_start).timestamp())
        day += dt.timedelta(days=1)
    return seconds / 3600

"""The calendar's list, month view and feed skip a permanence on a day its structure is closed."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from annuaire.enums import Recurrence, Weekday
from calendrier.models import CalendarToken
from extranet.typography import format_date
from tests import factories
from tests.calendrier.ical import events_by_uid, parse_calendar


@pytest.fixture
def tuesdays(structure, partner):
    """A weekly Tuesday permanence at the counsellor's structure; the next three Tuesdays."""
    permanence = factories.PermanenceFactory(
        partner=partner, structure=structure, recurrence=Recurrence.WEEKLY, weekday=Weekday.TUESDAY
    )
    today = timezone.localdate()
    first = today + dt.timedelta(days=(Weekday.TUESDAY - today.weekday()) % 7)
    return permanence, [first + dt.timedelta(days=7 * n) for n in range(3)]


def _feed_days(client, user, permanence) -> set[str]:
    events = events_by_uid(parse_calendar(client.get(CalendarToken.for_user(user).get_absolute_url())))
    prefix = f"permanence-{permanence.pk}-"
    return {uid.split("@")[0].removeprefix(prefix) for uid in events if uid.startswith(prefix)}


def test_event_list_skips_a_permanence_during_a_closure(client, conseiller, structure, tuesdays):
    _permanence, (first, closed, third) = tuesdays
    factories.ClosureFactory(structure=structure, starts_on=closed, ends_on=closed)
    client.force_login(conseiller)
    content = client.get(reverse("calendrier:event_list")).content.decode()
    first, third, closed = (format_date(day, weekday=True, year=False) for day in (first, third, closed))
    assert first in content and third in content
    assert closed not in content


def test_month_view_skips_a_permanence_during_a_closure(client, conseiller, structure, partner):
    factories.PermanenceFactory(
        partner=partner, structure=structure, monthly=True, weekday=Weekday.TUESDAY
    )  # 9 and 23 April 2030
    factories.ClosureFactory(structure=structure, starts_on=dt.date(2030, 4, 8), ends_on=dt.date(2030, 4, 12))
    client.force_login(conseiller)
    page = client.get(reverse("calendrier:month", args=[2030, 4])).content.decode()
    assert page.count(">Permanence</span>") == 1


def test_month_view_skips_past_closures_of_a_past_month(client, conseiller, structure, partner):
    # The grid of a past month: the closures prefetched start from its first day, not from today.
    factories.PermanenceFactory(partner=partner, structure=structure, monthly=True, weekday=Weekday.TUESDAY)
    factories.ClosureFactory(
        structure=structure, starts_on=dt.date(2020, 4, 14), ends_on=dt.date(2020, 4, 14)
    )
    client.force_login(conseiller)
    page = client.get(reverse("calendrier:month", args=[2020, 4])).content.decode()
    assert page.count(">Permanence</span>") == 1  # 28 April; 14 April was closed


def test_feed_skips_a_permanence_during_a_closure_and_is_rebuilt_when_one_is_added(
    client, conseiller, structure, tuesdays
):
    permanence, (first, closed, third) = tuesdays
    days = _feed_days(client, conseiller, permanence)
    assert {f"{d:%Y%m%d}" for d in (first, closed, third)} <= days

    # The feed is cached; a new closure changes what it shows, so it must not be served stale.
    factories.ClosureFactory(structure=structure, starts_on=closed, ends_on=closed)
    days = _feed_days(client, conseiller, permanence)
    assert f"{closed:%Y%m%d}" not in days
    assert {f"{first:%Y%m%d}", f"{third:%Y%m%d}"} <= days

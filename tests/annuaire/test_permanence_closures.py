"""A permanence is not announced on a day its structure is exceptionally closed."""

import datetime as dt

import pytest
from django.utils import timezone

from annuaire.enums import Weekday
from extranet.typography import format_date
from tests import factories


def test_next_occurrences_skip_the_structure_closures(db):
    permanence = factories.PermanenceFactory(weekday=Weekday.TUESDAY)
    factories.ClosureFactory(
        structure=permanence.structure, starts_on=dt.date(2026, 12, 21), ends_on=dt.date(2026, 12, 26)
    )
    factories.ClosureFactory(starts_on=dt.date(2026, 12, 29), ends_on=dt.date(2026, 12, 29))  # elsewhere
    dates = list(permanence.next_occurrences(dt.date(2026, 12, 14), count=3))
    assert dates == [dt.date(2026, 12, 15), dt.date(2026, 12, 29), dt.date(2027, 1, 5)]


def test_a_closure_on_the_first_day_itself_is_skipped(db):
    permanence = factories.PermanenceFactory(weekday=Weekday.TUESDAY)
    day = dt.date(2026, 12, 15)
    factories.ClosureFactory(structure=permanence.structure, starts_on=day, ends_on=day)
    assert next(permanence.next_occurrences(day)) == dt.date(2026, 12, 22)


@pytest.mark.parametrize("where", ["structure", "partner"])
def test_directory_pages_do_not_announce_a_permanence_during_a_closure(
    client, conseiller, structure, partner, where
):
    today = timezone.localdate()
    first = today + dt.timedelta(days=(Weekday.TUESDAY - today.weekday()) % 7)
    closed = first + dt.timedelta(days=7)
    factories.PermanenceFactory(partner=partner, structure=structure, weekday=Weekday.TUESDAY)
    factories.ClosureFactory(structure=structure, starts_on=closed, ends_on=closed)
    client.force_login(conseiller)

    url = structure.get_absolute_url() if where == "structure" else partner.get_absolute_url()
    content = client.get(url).content.decode()

    shown = [first, closed + dt.timedelta(days=7), closed + dt.timedelta(days=14)]
    expected = ", ".join(format_date(day, weekday=True, year=False) for day in shown)
    assert expected in content
    assert format_date(closed, weekday=True, year=False) not in content

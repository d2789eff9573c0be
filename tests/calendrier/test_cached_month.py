"""The month grid kept in the cache (extranet/fragments.py): each person's own (their audience and
registrations), fresh at the next view after a committed change — a registration, a cancellation,
passages planned in bulk — and without the grid's queries once cached.

The data are written inside `committed()` (tests/conftest.py): until a change is
committed, the connection that made it renders without the cache.
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from calendrier.enums import Audience
from itinerance.models import Site
from itinerance.planning import apply_plan, make_plan
from tests import factories

pytestmark = pytest.mark.django_db

# Session, user, the daily usage counter, who may create events (for the link above the grid), the
# cache's versions and its copy of the grid.
CACHED_MONTH_QUERIES = 6


def month_url(day: dt.date) -> str:
    return reverse("calendrier:month", args=[day.year, day.month])


def soon() -> dt.date:
    """A day of this month's grid, after today (the registration is still open)."""
    today = timezone.localdate()
    return today + dt.timedelta(days=1)


def month_page(client, user, day) -> str:
    client.force_login(user)
    response = client.get(month_url(day))
    assert response.status_code == 200
    return response.content.decode()


def test_a_registration_and_its_cancellation_show_at_once(client, committed):
    with committed():
        person = factories.counsellor()
        event = factories.EventFactory(title="Atelier retraite", start_date=soon())
    assert "Vous êtes inscrit(e)" not in month_page(client, person, soon())

    with committed():
        client.post(reverse("calendrier:event_register", args=[event.pk]))
    assert "Vous êtes inscrit(e)" in month_page(client, person, soon())

    with committed():
        client.post(reverse("calendrier:event_unregister", args=[event.pk]))
    assert "Vous êtes inscrit(e)" not in month_page(client, person, soon())


def test_each_person_sees_the_events_of_their_audience(client, committed):
    with committed():
        counsellor = factories.counsellor()
        referent = factories.referent()
        factories.EventFactory(title="Réunion des référents", start_date=soon(), audience=Audience.REFERENTS)

    for _ in range(2):  # rendered, then from the cache
        assert "Réunion des référents" in month_page(client, referent, soon())
        assert "Réunion des référents" not in month_page(client, counsellor, soon())


def test_passages_planned_in_bulk_show_at_once(client, committed):
    with committed():
        person = factories.counsellor()
        rule = factories.RuleFactory(site__name="Mairie de Septfonds")
    first = (timezone.localdate().replace(day=1) + dt.timedelta(days=31)).replace(day=1)  # next month
    last = (first + dt.timedelta(days=31)).replace(day=1) - dt.timedelta(days=1)
    assert "Mairie de Septfonds" not in month_page(client, person, first)

    with committed():
        apply_plan(make_plan(first, last, Site.objects.filter(pk=rule.site.pk)), confirm_changes=False)
    assert "Mairie de Septfonds" in month_page(client, person, first)


def test_a_cached_month_runs_none_of_the_grids_queries(client, committed):
    with committed():
        person = factories.counsellor()
        factories.EventFactory(title="Atelier retraite", start_date=soon(), registrants=[person])
    month_page(client, person, soon())

    with CaptureQueriesContext(connection) as queries:
        content = client.get(month_url(soon())).content.decode()

    assert len(queries) == CACHED_MONTH_QUERIES, [query["sql"] for query in queries]
    assert "Atelier retraite" in content and "Vous êtes inscrit(e)" in content

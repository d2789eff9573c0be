"""The home page's panels kept in the cache (extranet/fragments.py): each person sees their own, every
committed change shows at the next view, and a cached home runs none of its panels' queries.

The data are written inside `committed()` (tests/conftest.py): the test's transaction
never commits, and until a change is committed the connection that made it renders without the cache.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from tests.extranet.test_home import home_text

pytestmark = pytest.mark.django_db

# Session, user, the daily usage counter; the cache's versions and copies (two reads whatever the number
# of panels); what is left uncached: the network actions panel asks who reads the network (none here).
CACHED_HOME_QUERIES = 5


def test_two_people_see_each_their_own_panels(client, committed):
    with committed():
        lea = factories.counsellor(factories.StructureFactory(name="France Services de Caussade"))
        noe = factories.counsellor(factories.StructureFactory(name="France Services de Lafrançaise"))

    for _ in range(2):  # rendered, then from the cache
        assert "Caussade" in home_text(client, lea) and "Lafrançaise" not in home_text(client, lea)
        assert "Lafrançaise" in home_text(client, noe) and "Caussade" not in home_text(client, noe)


def test_a_cached_home_runs_none_of_its_panels_queries(client, committed):
    with committed():
        person = factories.counsellor()
        factories.NewsFactory(title="Nouvelle permanence de la CAF")
        factories.EventFactory(title="Formation aux démarches de retraite", registrants=[person])
    client.force_login(person)
    client.get(reverse("home"))

    with CaptureQueriesContext(connection) as queries:
        content = client.get(reverse("home")).content.decode()

    assert len(queries) == CACHED_HOME_QUERIES, [query["sql"] for query in queries]
    assert "Nouvelle permanence de la CAF" in content
    assert "Formation aux démarches de retraite" in content and "Vous êtes inscrit(e)" in content


def test_a_committed_change_shows_at_the_next_view(client, committed):
    with committed():
        person = factories.counsellor()
        news = factories.NewsFactory(title="Nouvelle permanence de la CAF")
    assert "Nouvelle permanence de la CAF" in home_text(client, person)

    with committed():
        news.title = "Permanence de la CAF déplacée au mardi"
        news.save()
    assert "Permanence de la CAF déplacée au mardi" in home_text(client, person)

    with committed():
        membership = person.memberships.get()
        membership.structure = factories.StructureFactory(name="France Services de Nègrepelisse")
        membership.save()
    assert "Nègrepelisse" in home_text(client, person)


def test_a_registration_and_its_cancellation_show_at_once_on_the_home_panel(client, committed):
    with committed():
        person = factories.counsellor()
        event = factories.EventFactory(title="Formation aux démarches de retraite")
    assert "Vous êtes inscrit(e)" not in home_text(client, person)

    with committed():
        client.post(reverse("calendrier:event_register", args=[event.pk]))
    assert "Vous êtes inscrit(e)" in home_text(client, person)

    with committed():
        client.post(reverse("calendrier:event_unregister", args=[event.pk]))
    assert "Vous êtes inscrit(e)" not in home_text(client, person)

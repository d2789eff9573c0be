"""What every page pays before its own work: the session, the person and the usage counter.

A legal page renders `base.html` (navigation, search box, account menu, footer) and reads nothing of
its own: its queries are the stack's, which every other page pays on top of its own (docs/decisions.md,
« What every request pays »).
"""

import pytest
from django.urls import reverse

PAGE = reverse("legal:mentions_legales")


@pytest.mark.parametrize("person", ["conseiller", "animateur", "guichet"])
def test_a_page_with_nothing_of_its_own_costs_three_queries(
    client, django_assert_num_queries, request, person
):
    client.force_login(request.getfixturevalue(person))

    # The session, the person, the page view counted. No middleware, context processor or part of
    # base.html adds one, for staff (the second factor is asked only in the admin) or guichet accounts.
    with django_assert_num_queries(3):
        response = client.get(PAGE)

    assert response.status_code == 200
    assert "Se déconnecter" in response.content.decode()


def test_an_anonymous_visitor_costs_no_query(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(PAGE)

    assert response.status_code == 200

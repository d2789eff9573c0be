"""« Suivi du réseau » on the home page: the charter table and the answer delays, one click away for
the people who follow the network (steering staff and the CCI), and nobody else's home cluttered."""

import pytest
from django.urls import reverse


def _home(client, user) -> str:
    client.force_login(user)
    return client.get(reverse("home")).content.decode()


@pytest.mark.parametrize("persona", ["pilotage", "animateur"])
def test_steering_and_cci_reach_the_charter_and_the_answer_delays_from_home(request, client, persona):
    user = request.getfixturevalue(persona)
    page = _home(client, user)
    assert "Suivi du réseau" in page
    for url_name in ("annuaire:charter_overview", "forum_ext:answer_report"):
        url = reverse(url_name)
        assert f'href="{url}"' in page
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("persona", ["conseiller", "referent", "itinerant"])
def test_other_members_have_no_network_follow_up_card(request, client, persona):
    page = _home(client, request.getfixturevalue(persona))
    assert "Suivi du réseau" not in page
    assert reverse("forum_ext:answer_report") not in page

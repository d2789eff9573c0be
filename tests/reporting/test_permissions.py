"""Who reaches the reporting pages, and with which scope."""

import pytest
from django.urls import reverse

from reporting.permissions import scope_for
from tests import factories


def test_the_network_is_read_by_pilotage_and_the_cci(pilotage, animateur):
    for user in (pilotage, animateur):
        scope = scope_for(user)
        assert scope.network and scope.whole_reports


def test_a_counsellor_reads_their_structure(conseiller, structure):
    scope = scope_for(conseiller)

    assert scope.structure_ids == {structure.pk} and scope.partner_ids is None
    assert scope.reads_structure(structure.pk)
    assert not scope.reads_structure(structure.pk + 1)


def test_a_referent_reads_their_partner_lines_only(referent, partner, structure):
    scope = scope_for(referent)

    assert scope.partner_ids == {partner.pk} and scope.structure_ids is None
    assert not scope.reads_structure(structure.pk)


@pytest.mark.parametrize("persona", ["conseiller", "referent", "pilotage", "animateur", "itinerant"])
def test_members_with_a_scope_open_the_reporting_index(client, request, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)

    response = client.get(reverse("reporting:index"))

    assert response.status_code == 200
    assert 'href="/rapports/"' in response.content.decode()  # the navigation leads there


def test_someone_attached_to_nothing_is_refused(client, db):
    client.force_login(factories.UserFactory())

    assert client.get(reverse("reporting:index")).status_code == 403

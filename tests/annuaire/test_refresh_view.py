"""The CCI's admin page of records not verified for 12 months, with their owners."""

import pytest
from django.urls import reverse

from annuaire.models import Referent
from tests import factories

pytestmark = pytest.mark.django_db


URL = "admin:annuaire_refresh"


def test_staff_sees_stale_records_with_their_owners(
    client, animateur, structure, partner, conseiller, referent
):
    Referent.objects.create(partner=partner, full_name="Dominique Exemple")
    fresh = factories.StructureFactory(name="MSAP vérifiée")
    fresh.mark_verified(animateur)
    client.force_login(animateur)
    response = client.get(reverse(URL))
    assert response.status_code == 200
    page = response.content.decode()
    assert "MSAP La Poste de Molières" in page
    assert "conseiller@example.org" in page
    assert "Dominique Exemple" in page
    assert "referent@example.org" in page  # the partner's members answer for its referents
    assert "MSAP vérifiée" not in page
    assert "jamais" in page


def test_the_structure_list_links_to_the_page(client, animateur):
    client.force_login(animateur)
    page = client.get(reverse("admin:annuaire_structure_changelist")).content.decode()
    assert reverse(URL) in page


@pytest.mark.parametrize("persona", ["conseiller", "referent", "pilotage"])
def test_members_are_refused(client, persona, request):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse(URL))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse(URL))
    assert response.status_code == 302


def _add_stale_records(count: int) -> None:
    """`count` stale structures, partners and referents."""
    for _ in range(count):
        structure = factories.StructureFactory()
        factories.counsellor(structure=structure)
        referent_user = factories.referent()
        Referent.objects.create(
            partner=referent_user.memberships.get().partner, full_name=f"R {structure.pk}"
        )


def test_query_count_does_not_grow_with_the_data(client, animateur, queries_stay_flat):
    client.force_login(animateur)
    _add_stale_records(1)
    queries_stay_flat(reverse(URL), lambda: _add_stale_records(3))

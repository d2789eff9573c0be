"""The home page a person lands on: who they are, their role and what they belong to."""

import re

import pytest
from django.urls import reverse

from annuaire.panels import membership_panel
from extranet import registry
from tests import factories


def home_text(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode())


def test_counsellor_sees_their_name_role_and_structure(client, conseiller):
    content = home_text(client, conseiller)

    assert f"Bonjour {conseiller.first_name}" in content
    assert "Votre rôle&nbsp;: <strong>Conseiller France Services</strong>" in content
    assert "Mon rattachement" in content
    assert "MSAP La Poste de Molières" in content
    assert reverse("annuaire:structure_detail", kwargs={"slug": "msap-molieres"}) in content
    assert "Animation du réseau" not in content


def test_referent_sees_their_partner(client, referent):
    content = home_text(client, referent)

    assert f"Bonjour {referent.first_name}" in content
    assert "Votre rôle&nbsp;: <strong>Référent d&#x27;un partenaire</strong>" in content
    assert "Caisse d&#x27;allocations familiales" in content
    assert "Partenaire national France Services" in content


def test_itinerant_agent_sees_their_unit(client, itinerant):
    structure = itinerant.memberships.get().structure

    content = home_text(client, itinerant)

    assert "Votre rôle&nbsp;: <strong>Agent de la cellule itinérante</strong>" in content
    assert structure.name in content


def test_pilotage_has_no_attachment_and_no_empty_box(client, pilotage):
    content = home_text(client, pilotage)

    assert f"Bonjour {pilotage.first_name}" in content
    assert "Votre rôle&nbsp;: <strong>Pilotage (Département, Préfecture)</strong>" in content
    assert "rattachement" not in content
    # Every panel shown has something beyond its heading.
    for panel in re.findall(r"<section class=\"col[^>]*>(.*?)</section>", content):
        text_after_heading = re.sub(r"<[^>]+>", " ", panel.split("</h2>", 1)[-1]).strip()
        assert text_after_heading, panel


def test_staff_sees_the_network_animation_links(client, animateur):
    content = home_text(client, animateur)

    assert "Animation du réseau" in content
    assert reverse("admin:extranet_user_changelist") in content
    assert reverse("admin:extranet_user_import") in content
    assert reverse("admin:auditlog_logentry_changelist") in content


def test_inactive_membership_is_not_shown(client, db):
    user = factories.UserFactory(email="ancien@example.org")
    factories.MembershipFactory(
        user=user, structure=factories.StructureFactory(name="Ancienne structure"), is_active=False
    )

    content = home_text(client, user)

    assert "Ancienne structure" not in content


@pytest.mark.parametrize("memberships", [1, 5])
def test_home_page_core_query_count_is_pinned(
    client, db, django_assert_max_num_queries, monkeypatch, memberships
):
    # Only the core's own panel: each app pins the queries of the panels it adds in its own tests.
    core_panels = [panel for panel in registry.home_panels() if panel.get_context is membership_panel]
    monkeypatch.setattr(registry, "_home_panels", core_panels)
    user = factories.UserFactory(email="multi@example.org")
    for _ in range(memberships):
        factories.MembershipFactory(user=user, structure=factories.StructureFactory())
    client.force_login(user)

    # Session, user, memberships (with structure and commune), usage counter.
    with django_assert_max_num_queries(4):
        response = client.get(reverse("home"))

    assert response.status_code == 200


def test_home_page_query_count_does_not_grow_with_memberships(client, db, queries_stay_flat):
    user = factories.UserFactory(email="multi@example.org")
    factories.MembershipFactory(user=user, structure=factories.StructureFactory())
    client.force_login(user)

    queries_stay_flat(
        reverse("home"),
        lambda: [
            factories.MembershipFactory(user=user, structure=factories.StructureFactory()) for _ in range(4)
        ],
    )

"""Who may change what: every edit view, for the owner, the outsider, another role, staff and nobody."""

import pytest
from django.urls import reverse

from annuaire.models import Permanence, Referent
from tests import factories

# (method, url name, status when allowed)
STRUCTURE_VIEWS = [
    ("get", "annuaire:structure_edit", 200),
    ("post", "annuaire:structure_edit", 200),  # an empty submission is shown again with its errors
    ("post", "annuaire:structure_verify", 302),
]
PARTNER_VIEWS = [
    ("get", "annuaire:partner_edit", 200),
    ("post", "annuaire:partner_verify", 302),
    ("get", "annuaire:referent_create", 200),
    ("get", "annuaire:permanence_create", 200),
]
PARTNER_ITEM_VIEWS = [
    ("get", "annuaire:referent_edit", 200),
    ("post", "annuaire:referent_delete", 302),
    ("get", "annuaire:permanence_edit", 200),
    ("post", "annuaire:permanence_delete", 302),
]


@pytest.fixture
def partner_items(partner):
    return {
        "referent": factories.PartnerReferentFactory(partner=partner),
        "permanence": factories.PermanenceFactory(partner=partner),
    }


def _item_url(name, items):
    item = items["referent" if "referent" in name else "permanence"]
    return reverse(name, args=[item.pk])


def _call(client, method, url):
    # Empty form submissions are enough: the permission check comes before any validation.
    return getattr(client, method)(url, {} if method == "post" else None)


@pytest.mark.parametrize(("method", "name", "ok"), STRUCTURE_VIEWS)
@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("conseiller", True),
        ("animateur", True),
        ("outsider", False),
        ("referent", False),
        ("pilotage", False),
    ],
)
def test_structure_edit_views(client, request, structure, method, name, ok, persona, allowed):
    client.force_login(request.getfixturevalue(persona))
    response = _call(client, method, reverse(name, kwargs={"slug": structure.slug}))
    assert response.status_code == (ok if allowed else 403)


@pytest.mark.parametrize(("method", "name", "ok"), STRUCTURE_VIEWS)
def test_counsellor_cannot_edit_another_structure_by_changing_the_slug(client, conseiller, method, name, ok):
    other = factories.StructureFactory()
    client.force_login(conseiller)
    response = _call(client, method, reverse(name, kwargs={"slug": other.slug}))
    assert response.status_code == 403
    other.refresh_from_db()
    assert other.verified_at is None


def test_inactive_membership_gives_no_right(client, conseiller, structure):
    conseiller.memberships.update(is_active=False)
    client.force_login(conseiller)
    assert client.get(reverse("annuaire:structure_edit", kwargs={"slug": structure.slug})).status_code == 403


@pytest.mark.parametrize(("method", "name", "ok"), PARTNER_VIEWS)
@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("referent", True),
        ("animateur", True),
        ("other_referent", False),
        ("conseiller", False),
        ("pilotage", False),
    ],
)
def test_partner_edit_views(client, request, partner, method, name, ok, persona, allowed):
    client.force_login(request.getfixturevalue(persona))
    response = _call(client, method, reverse(name, kwargs={"slug": partner.slug}))
    assert response.status_code == (ok if allowed else 403)


@pytest.mark.parametrize(("method", "name", "ok"), PARTNER_ITEM_VIEWS)
@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("referent", True),
        ("animateur", True),
        ("other_referent", False),
        ("conseiller", False),
        ("pilotage", False),
    ],
)
def test_referent_and_permanence_views(client, request, partner_items, method, name, ok, persona, allowed):
    client.force_login(request.getfixturevalue(persona))
    response = _call(client, method, _item_url(name, partner_items))
    assert response.status_code == (ok if allowed else 403)
    if not allowed:  # nothing was deleted
        assert Referent.objects.filter(pk=partner_items["referent"].pk).exists()
        assert Permanence.objects.count() == 1


def test_referent_cannot_reach_another_partners_referent_by_changing_the_id(client, referent):
    stranger = factories.PartnerReferentFactory()
    client.force_login(referent)
    assert client.get(reverse("annuaire:referent_edit", args=[stranger.pk])).status_code == 403
    assert client.post(reverse("annuaire:referent_delete", args=[stranger.pk])).status_code == 403
    assert Referent.objects.filter(pk=stranger.pk).exists()


@pytest.mark.parametrize(("method", "name", "ok"), STRUCTURE_VIEWS + PARTNER_VIEWS + PARTNER_ITEM_VIEWS)
def test_anonymous_is_sent_to_login(client, structure, partner_items, method, name, ok):
    if name.startswith("annuaire:structure"):
        url = reverse(name, kwargs={"slug": structure.slug})
    elif name in {n for _, n, _ in PARTNER_VIEWS}:
        url = reverse(name, kwargs={"slug": partner_items["referent"].partner.slug})
    else:
        url = _item_url(name, partner_items)
    response = _call(client, method, url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(
    "name",
    [
        "annuaire:structure_list",
        "annuaire:partner_list",
        "annuaire:referent_search",
        "annuaire:charter_overview",
    ],
)
def test_directory_pages_need_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_every_member_reads_the_directory(client, pilotage, structure, partner):
    client.force_login(pilotage)
    assert client.get(structure.get_absolute_url()).status_code == 200
    assert client.get(partner.get_absolute_url()).status_code == 200
    # ...but is not offered the edit buttons
    assert "Modifier la fiche" not in client.get(structure.get_absolute_url()).content.decode()

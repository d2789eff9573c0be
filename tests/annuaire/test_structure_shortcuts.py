"""The structure page: each partner's referents are one link away from the top of the page."""

from django.urls import reverse

from extranet.typography import NBSP
from tests import factories


def test_referents_of_each_partner_are_reachable_from_the_top(client, conseiller, structure, partner):
    cpam = factories.PartnerFactory(name="Caisse primaire d'assurance maladie", acronym="CPAM", slug="cpam")
    factories.PartnerReferentFactory(partner=partner, territory="").structures.add(structure)
    for _ in range(2):
        factories.PartnerReferentFactory(partner=cpam, territory="").structures.add(structure)
    client.force_login(conseiller)

    page = client.get(reverse("annuaire:structure_detail", args=[structure.slug])).content.decode()

    top = page[: page.index("Horaires d'ouverture")]
    assert 'href="#referents-caf">CAF</a>' in top
    assert 'href="#referents-cpam">CPAM</a>' in top
    assert f"(1{NBSP}référent)" in top and f"(2{NBSP}référents)" in top
    assert 'id="referents-caf"' in page and 'id="referents-cpam"' in page


def test_no_shortcuts_without_referents(client, conseiller, structure):
    client.force_login(conseiller)
    page = client.get(reverse("annuaire:structure_detail", args=[structure.slug])).content.decode()
    assert "Joindre un référent" not in page

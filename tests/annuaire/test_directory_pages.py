"""The structure page groups its referents by partner; the partner page paginates its referents;
both offer a print button that only JavaScript shows."""

import re

import pytest

from annuaire.views import REFERENTS_PAGE_SIZE
from tests import factories


def add_referents(structure, partners, count: int) -> None:
    for i in range(count):
        named = i % 2 == 0
        referent = factories.PartnerReferentFactory(
            partner=partners[i % len(partners)], territory="" if named else "Tout le Tarn-et-Garonne"
        )
        if named:
            referent.structures.add(structure, factories.StructureFactory())


def test_structure_page_groups_referents_by_partner(client, conseiller, structure):
    caf = factories.PartnerFactory(name="Caisse d'allocations familiales", acronym="CAF")
    cpam = factories.PartnerFactory(name="Caisse primaire d'assurance maladie", acronym="CPAM")
    add_referents(structure, [caf, cpam], 4)
    factories.PartnerReferentFactory(partner=cpam, territory="")  # covers nothing here
    client.force_login(conseiller)

    content = client.get(structure.get_absolute_url()).content.decode()

    heading = r'<h3 class="h5 mt-3"[^>]*><a href="[^"]+">([^<]+)</a> <span[^>]*>\(([^)]+)\)'
    headings = re.findall(heading, content)
    assert headings == [
        ("Caisse d&#x27;allocations familiales", "2\u00a0référents"),
        ("Caisse primaire d&#x27;assurance maladie", "2\u00a0référents"),
    ]
    assert content.count("Désigné pour cette structure") == 2
    assert content.count("Couvre&nbsp;: Tout le Tarn-et-Garonne") == 2


def test_structure_page_shows_a_few_territory_referents_per_partner_and_counts_the_others(
    client, conseiller, structure
):
    caf = factories.PartnerFactory(name="Caisse d'allocations familiales", acronym="CAF")
    named = factories.PartnerReferentFactory(partner=caf, full_name="Zoé Désignée", territory="")
    named.structures.add(structure)
    for name in ["Alice", "Bruno", "Chloé", "David", "Émile"]:
        factories.PartnerReferentFactory(partner=caf, full_name=f"{name} Départ", territory="Tout le 82")
    client.force_login(conseiller)

    response = client.get(structure.get_absolute_url())
    content = response.content.decode()

    (group,) = response.context["referent_groups"]
    assert [r.full_name for r in group.referents] == [
        "Zoé Désignée",
        "Alice Départ",
        "Bruno Départ",
        "Chloé Départ",
    ]
    assert "(6\u00a0référents)" in content
    assert "Et 2\u00a0autres référents pour un territoire qui comprend cette structure" in content
    assert f"?partner={caf.pk}&amp;structure={structure.pk}" in content
    assert "David Départ" not in content


def test_structure_page_queries_do_not_grow_with_referents(client, conseiller, structure, queries_stay_flat):
    partners = factories.PartnerFactory.create_batch(3)
    add_referents(structure, partners, 3)
    client.force_login(conseiller)

    queries_stay_flat(
        structure.get_absolute_url(),
        lambda: add_referents(structure, factories.PartnerFactory.create_batch(5), 60),
    )


def local_partners_with_a_departement_wide_referent(count: int) -> list:
    """`count` partners that are not national, each with one referent for the whole département."""
    partners = factories.PartnerFactory.create_batch(count, is_national=False)
    for partner in partners:
        factories.PartnerReferentFactory(partner=partner, territory="Tout le département")
    return partners


def test_structure_page_details_the_territory_referents_of_the_partners_present_only(
    client, conseiller, structure
):
    present, holding, national, elsewhere = [
        factories.PartnerFactory(name=name, acronym="", is_national=name == "Caisse nationale")
        for name in ["Mission locale", "Conciliateurs", "Caisse nationale", "Chambre des métiers"]
    ]
    structure.partners.add(present)
    factories.PermanenceFactory(partner=holding, structure=structure)
    for partner in (present, holding, national, elsewhere):
        factories.PartnerReferentFactory(partner=partner, full_name=f"Référent {partner.name}")
    factories.PartnerReferentFactory(partner=elsewhere, full_name="Deuxième Référent")
    client.force_login(conseiller)

    response = client.get(structure.get_absolute_url())
    content = response.content.decode()

    assert [g.partner for g in response.context["referent_groups"]] == [national, holding, present]
    assert "Référent Chambre des métiers" not in content and "Deuxième Référent" not in content
    assert "D'autres partenaires, sans présence ni permanence ici, ont des référents" in content
    link = f'<a href="/annuaire/qui-contacter/?structure={structure.pk}">'
    assert link in content and 'href="#referents-autres-partenaires">Autres partenaires<' in content
    # « Qui contacter ? » filtered on the structure lists them.
    search = client.get("/annuaire/qui-contacter/", {"structure": structure.pk}).content.decode()
    assert "Référent Chambre des métiers" in search and "Deuxième Référent" in search


def test_structure_page_keeps_its_size_and_queries_with_200_more_partners_covering_the_departement(
    client, conseiller, structure, queries_stay_flat
):
    partners = local_partners_with_a_departement_wide_referent(3)
    structure.partners.add(partners[0])
    add_referents(structure, factories.PartnerFactory.create_batch(2), 4)
    client.force_login(conseiller)
    small = len(client.get(structure.get_absolute_url()).content)

    queries = queries_stay_flat(
        structure.get_absolute_url(), lambda: local_partners_with_a_departement_wide_referent(200)
    )

    # Only the counts of the « Autres partenaires » line grow: « 2 référents » → « 202 référents ».
    assert abs(len(client.get(structure.get_absolute_url()).content) - small) < 20
    # The referents in five queries: those named here and the territory ones of the partners present,
    # each with their domains, then the count of the others (the one query this line adds). Counted
    # without the cache (the test's writes are not committed): the page as its first viewer pays it.
    assert queries == 20


def test_partner_page_paginates_its_referents(client, conseiller, partner):
    factories.PartnerReferentFactory.create_batch(REFERENTS_PAGE_SIZE + 3, partner=partner)
    client.force_login(conseiller)

    first = client.get(partner.get_absolute_url()).content.decode()
    second = client.get(partner.get_absolute_url(), {"page": 2}).content.decode()

    assert first.count('<li class="list-group-item">') == REFERENTS_PAGE_SIZE
    assert second.count('<li class="list-group-item">') == 3
    assert "?page=2#referents" in first
    assert "Page 2 sur 2" in second


@pytest.mark.parametrize("page", ["structure", "partner"])
def test_print_button_is_hidden_until_its_script_runs(client, conseiller, structure, partner, page):
    client.force_login(conseiller)
    url = structure.get_absolute_url() if page == "structure" else partner.get_absolute_url()
    content = client.get(url).content.decode()
    assert re.search(r"<button [^>]*data-print hidden>Imprimer cette page</button>", content)
    assert '<script src="/static/js/print.js" defer></script>' in content

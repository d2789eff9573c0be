"""The filters' choice of a partner, a structure, a commune or a domain stays a short drop-down list,
or becomes a name to type once the directory holds more than `ShortListChoiceField.SHORT_LIST` of them."""

import pytest
from django.urls import reverse

from extranet.forms import ShortListChoiceField
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def short_list(monkeypatch):
    monkeypatch.setattr(ShortListChoiceField, "SHORT_LIST", 3)


def test_a_few_partners_are_a_drop_down_list(client, conseiller, short_list):
    factories.PartnerFactory.create_batch(2)
    client.force_login(conseiller)

    content = client.get(reverse("annuaire:referent_search"), {"structure": ""}).content.decode()

    assert '<select name="partner"' in content


def test_many_partners_are_a_name_to_type_that_finds_the_partner(client, conseiller, short_list):
    cpam = factories.PartnerFactory(name="Caisse primaire d'assurance maladie", acronym="CPAM")
    factories.PartnerFactory.create_batch(4)
    wanted = factories.PartnerReferentFactory(partner=cpam, full_name="Agnès Exemple", territory="Tout le 82")
    factories.PartnerReferentFactory(full_name="Bernard Ailleurs", territory="Tout le 82")
    client.force_login(conseiller)
    url = reverse("annuaire:referent_search")

    page = client.get(url, {"structure": ""}).content.decode()
    assert '<select name="partner"' not in page
    assert '<input type="text" name="partner"' in page

    typed = client.get(url, {"partner": "primaire assurance", "structure": ""})
    assert [r.full_name for r in typed.context["page"]] == [wanted.full_name]

    # A link gives the partner's number: the box shows its name.
    linked = client.get(url, {"partner": cpam.pk, "structure": ""}).content.decode()
    assert f'value="{cpam}"' in linked


def test_a_name_matching_nothing_or_several_is_refused_in_words(client, conseiller, short_list):
    for acronym, name in [
        ("CAF", "Caisse d'allocations familiales"),
        ("CPAM", "Caisse primaire d'assurance maladie"),
        ("MSA", "Mutualité sociale agricole"),
        ("DGFiP", "Direction générale des finances publiques"),
    ]:
        factories.PartnerFactory(name=name, acronym=acronym)
    client.force_login(conseiller)
    url = reverse("annuaire:referent_search")

    nothing = client.get(url, {"partner": "Préfecture", "structure": ""})
    several = client.get(url, {"partner": "caisse", "structure": ""})

    refused = "Aucun choix ne correspond à «\u00a0Préfecture\u00a0»."
    assert nothing.context["form"].errors["partner"] == [refused]
    (message,) = several.context["form"].errors["partner"]
    # Both, in the order of the search (best match first).
    assert message in [
        f"Plusieurs choix correspondent à «\u00a0caisse\u00a0» ({names})\u00a0: précisez le nom."
        for names in ["CAF, CPAM", "CPAM, CAF"]
    ]
    assert "précisez le nom" in several.content.decode()


def test_the_catalogue_filter_finds_a_structure_by_name(client, conseiller, short_list):
    factories.StructureFactory.create_batch(4)
    laguepie = factories.StructureFactory(name="France Services de Laguépie")
    factories.DocumentFactory(
        uploaded_by=conseiller, with_version=True, title="Plaquette", structure=laguepie
    )
    factories.DocumentFactory(uploaded_by=conseiller, with_version=True, title="Autre")
    client.force_login(conseiller)

    response = client.get(reverse("fichiers:document_list"), {"structure": "laguepie"})

    assert [d.title for d in response.context["page"]] == ["Plaquette"]


def test_many_communes_with_a_structure_are_a_name_to_type(client, conseiller, short_list):
    negrepelisse = factories.StructureFactory(
        name="Maison du Quercy", commune=factories.CommuneFactory(name="Nègrepelisse")
    )
    factories.StructureFactory.create_batch(4)
    client.force_login(conseiller)
    url = reverse("annuaire:structure_list")

    assert '<input type="text" name="commune"' in client.get(url).content.decode()
    # Accents and case ignored, as in the search boxes.
    typed = client.get(url, {"commune": "negrep"})
    assert [s.name for s in typed.context["page"]] == [negrepelisse.name]


def test_many_domains_are_a_name_to_type(client, conseiller, short_list):
    retraite = factories.DomainFactory(name="Retraite et réversion")
    factories.DomainFactory.create_batch(4)
    wanted = factories.PartnerReferentFactory(full_name="Agnès Retraite", territory="Tout le 82")
    wanted.domains.add(retraite)
    factories.PartnerReferentFactory(full_name="Bernard Ailleurs", territory="Tout le 82")
    client.force_login(conseiller)
    url = reverse("annuaire:referent_search")

    assert '<input type="text" name="domain"' in client.get(url, {"structure": ""}).content.decode()
    typed = client.get(url, {"domain": "reversion", "structure": ""})
    assert [r.full_name for r in typed.context["page"]] == [wanted.full_name]

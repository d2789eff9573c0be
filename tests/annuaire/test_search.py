"""Search in the directory: accent- and case-insensitive, with filters; and "Qui contacter ?"."""

import datetime as dt

import pytest
from django.db import connection
from django.urls import reverse

from annuaire.enums import StructureStatus, Weekday
from annuaire.models import Structure
from tests import factories


@pytest.fixture
def laguepie(db):
    commune = factories.CommuneFactory(insee_code="82088", name="Laguépie", postal_code="82250")
    return factories.StructureFactory(
        name="MSAP La Poste de Laguépie", commune=commune, status=StructureStatus.MSAP
    )


@pytest.mark.parametrize("query", ["Laguepie", "LAGUÉPIE", "laguépie", "  lagu "])
def test_search_ignores_accents_and_case(laguepie, query):
    assert list(Structure.objects.matching(query)) == [laguepie]


def test_search_finds_the_commune(db):
    commune = factories.CommuneFactory(insee_code="82113", name="Molières")
    structure = factories.StructureFactory(name="France Services du Quercy", commune=commune)
    assert list(Structure.objects.matching("molieres")) == [structure]


def test_search_key_follows_a_rename(laguepie):
    laguepie.name = "France Services de Laguépie"
    laguepie.save(update_fields=["name"])
    assert Structure.objects.matching("france services de laguepie").get() == laguepie


def test_list_filters(client, pilotage, laguepie):
    caf = factories.PartnerFactory(acronym="CAF")
    other = factories.StructureFactory(name="France Services de Montech")
    laguepie.partners.add(caf)
    factories.OpeningHoursFactory(
        structure=other, weekday=Weekday.SATURDAY, opens=dt.time(9), closes=dt.time(12)
    )
    client.force_login(pilotage)

    def names(**params):
        page = client.get(reverse("annuaire:structure_list"), params).context["page"]
        return [s.name for s in page]

    assert names(q="Laguepie") == [laguepie.name]
    assert names(partner=caf.pk) == [laguepie.name]
    assert names(weekday=Weekday.SATURDAY) == [other.name]
    assert names(status=StructureStatus.MSAP) == [laguepie.name]
    assert names(commune=laguepie.commune_id) == [laguepie.name]
    assert names() == [other.name, laguepie.name]


def test_partner_search(client, pilotage):
    factories.PartnerFactory(name="Caisse d'allocations familiales", acronym="CAF")
    factories.PartnerFactory(name="Mutualité sociale agricole", acronym="MSA")
    client.force_login(pilotage)
    page = client.get(reverse("annuaire:partner_list"), {"q": "mutualite"}).context["page"]
    assert [p.acronym for p in page] == ["MSA"]


def test_whom_to_contact_by_partner_and_domain(client, conseiller, structure):
    cpam = factories.PartnerFactory(acronym="CPAM")
    retraite, sante = factories.DomainFactory(name="Retraite"), factories.DomainFactory(name="Santé")
    wanted = factories.PartnerReferentFactory(partner=cpam, full_name="Agnès Exemple", territory="")
    wanted.domains.add(sante)
    wanted.structures.add(structure)
    factories.PartnerReferentFactory(partner=cpam, full_name="Bruno Exemple").domains.add(retraite)
    factories.PartnerReferentFactory(full_name="Chloé Exemple").domains.add(sante)
    client.force_login(conseiller)
    response = client.get(reverse("annuaire:referent_search"), {"partner": cpam.pk, "domain": sante.pk})
    assert [r.full_name for r in response.context["page"]] == ["Agnès Exemple"]
    page = response.content.decode()
    assert wanted.phone in page and wanted.email in page

    covering = client.get(reverse("annuaire:referent_search"), {"structure": structure.pk}).context["page"]
    # Agnès covers the structure by name; Bruno and Chloé cover the whole department.
    assert sorted(r.full_name for r in covering) == ["Agnès Exemple", "Bruno Exemple", "Chloé Exemple"]


def test_site_wide_search_finds_structures_partners_and_referents(client, pilotage, laguepie):
    caf = factories.PartnerFactory(name="Caisse d'allocations familiales", acronym="CAF")
    factories.PartnerReferentFactory(partner=caf, full_name="Élodie Laguépie-Exemple", function="Référente")
    client.force_login(pilotage)
    page = client.get(reverse("search"), {"q": "laguepie"}).content.decode()
    assert "MSAP La Poste de <mark>Laguépie</mark>" in page  # the term found is marked
    assert "Élodie <mark>Laguépie</mark>-Exemple" in page
    assert caf.get_absolute_url() in page


def test_whom_to_contact_starts_with_the_counsellors_own_structure(client, conseiller, structure):
    cpam = factories.PartnerFactory(acronym="CPAM")
    ours = factories.PartnerReferentFactory(partner=cpam, full_name="Agnès Exemple", territory="")
    ours.structures.add(structure)
    elsewhere = factories.PartnerReferentFactory(partner=cpam, full_name="Bernard Ailleurs", territory="")
    elsewhere.structures.add(factories.StructureFactory())
    client.force_login(conseiller)

    response = client.get(reverse("annuaire:referent_search"))
    assert response.context["form"]["structure"].value() == structure.pk
    assert [r.full_name for r in response.context["page"]] == ["Agnès Exemple"]

    # « Effacer les critères » shows every referent.
    assert f'href="{reverse("annuaire:referent_search")}?structure="' in response.content.decode()
    everyone = client.get(reverse("annuaire:referent_search"), {"structure": ""}).context["page"]
    assert sorted(r.full_name for r in everyone) == ["Agnès Exemple", "Bernard Ailleurs"]


def test_whom_to_contact_starts_unfiltered_for_members_without_a_structure(client, pilotage):
    factories.PartnerReferentFactory(full_name="Agnès Exemple")
    client.force_login(pilotage)
    response = client.get(reverse("annuaire:referent_search"))
    assert not response.context["form"].is_bound
    assert [r.full_name for r in response.context["page"]] == ["Agnès Exemple"]


def test_a_name_match_ranks_above_a_commune_match(db):
    montech = factories.CommuneFactory(insee_code="82125", name="Montech")
    in_commune = factories.StructureFactory(name="France Services du canton", commune=montech)
    by_name = factories.StructureFactory(name="Antenne Montech Gare")
    assert list(Structure.objects.matching("montech")) == [by_name, in_commune]


def test_renaming_a_commune_renames_what_its_structures_are_found_by(laguepie):
    commune = laguepie.commune
    commune.name = "Laguépie-sur-Viaur"
    commune.save()
    assert list(Structure.objects.matching("viaur")) == [laguepie]


def test_the_directory_is_searched_through_the_gin_index_on_postgresql(db):
    if connection.vendor != "postgresql":
        pytest.skip("GIN indexes exist on PostgreSQL only")
    for table, index in [
        ("annuaire_structure", "structure_search_idx"),
        ("annuaire_partner", "partner_search_idx"),
        ("annuaire_referent", "referent_search_idx"),
    ]:
        with connection.cursor() as cursor:
            constraints = connection.introspection.get_constraints(cursor, table)
        assert constraints[index]["type"] == "gin"

"""One directory of people: a referent's account and their card in « Qui contacter ? » are one record."""

import pytest
import tablib
from auditlog.context import set_actor
from django.urls import reverse

from annuaire.models import Referent
from annuaire.refresh.resources import ReferentResource
from annuaire.resources import AuthorisedPersonResource
from tests import factories
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

SEARCH = reverse("annuaire:referent_search")
OWN = reverse("annuaire:own_referent_record")


@pytest.fixture
def bruno(partner):
    """A CAF referent who chose what to show: a phone and a work address (not his login address)."""
    return factories.referent(
        partner=partner,
        email="bruno.perso@example.org",
        first_name="Bruno",
        last_name="Leroy",
        job_title="Conseiller expert CAF",
        phone="0563000099",
        contact_email="bruno.leroy@caf.example.org",
    )


def page(client, url, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def test_a_referent_account_appears_in_qui_contacter_with_what_they_show(client, conseiller, bruno):
    client.force_login(conseiller)

    content = page(client, SEARCH, partner=bruno.memberships.get().partner_id)

    assert "Bruno Leroy" in content and "Conseiller expert CAF" in content
    assert "05 63 00 00 99" in content
    assert "bruno.leroy@caf.example.org" in content
    assert "bruno.perso@example.org" not in content  # the login address is never shown


def test_a_referent_account_appears_on_its_partner_page(client, conseiller, bruno, partner):
    client.force_login(conseiller)

    content = page(client, partner.get_absolute_url())

    assert "Bruno Leroy" in content and "bruno.leroy@caf.example.org" in content


def test_nothing_shown_is_the_persons_choice(client, conseiller, partner):
    factories.referent(partner=partner, first_name="Léa", last_name="Discrète", email="lea@example.org")
    client.force_login(conseiller)

    content = page(client, SEARCH, partner=partner.pk)

    assert "Léa Discrète" in content
    assert "lea@example.org" not in content


def test_a_record_without_account_is_still_listed(client, conseiller, partner):
    factories.PartnerReferentFactory(partner=partner, full_name="Marc Sanscompte")
    client.force_login(conseiller)

    assert "Marc Sanscompte" in page(client, SEARCH, partner=partner.pk)


def test_profile_changes_reach_the_record(client, bruno):
    client.force_login(bruno)
    data = {"form": "profile", "first_name": "Bruno", "last_name": "Leroy-Martin", "job_title": "Expert"}

    client.post(reverse("account"), data | {"phone": "05.63.11.22.33", "contact_email": ""})

    record = Referent.objects.get(user=bruno)
    assert (record.full_name, record.function, record.phone, record.email) == (
        "Bruno Leroy-Martin",
        "Expert",
        "05 63 11 22 33",
        "",
    )


def test_a_deactivated_or_detached_referent_leaves_the_directory_but_the_record_stays(
    client, conseiller, bruno, partner
):
    client.force_login(conseiller)
    bruno.is_active = False
    bruno.save()

    assert "Bruno Leroy" not in page(client, SEARCH, partner=partner.pk)
    assert "Bruno Leroy" not in page(client, partner.get_absolute_url())
    assert Referent.objects.filter(user=bruno).exists()

    bruno.is_active = True
    bruno.save()
    assert "Bruno Leroy" in page(client, SEARCH, partner=partner.pk)
    bruno.memberships.update(is_active=False)
    assert "Bruno Leroy" not in page(client, SEARCH, partner=partner.pk)


def test_a_partner_referent_cannot_overwrite_what_the_account_shows(client, referent, bruno):
    record = Referent.objects.get(user=bruno)
    client.force_login(referent)
    url = reverse("annuaire:referent_edit", args=[record.pk])
    data = {"full_name": "Autre Nom", "phone": "0563000000", "territory": "Tout le 82", "user": bruno.pk}

    assert client.post(url, data).status_code == 302

    record.refresh_from_db()
    assert (record.full_name, record.phone, record.territory) == (
        "Bruno Leroy",
        "05 63 00 00 99",
        "Tout le 82",
    )


# --- « Mon compte » -------------------------------------------------------------------------------


def test_mon_compte_shows_the_referents_card_and_a_link_to_edit_it(client, bruno):
    client.force_login(bruno)

    content = page(client, reverse("account"))

    assert "Ma fiche dans" in content and "Modifier mes domaines et ce que je couvre" in content
    assert OWN in content


def test_mon_compte_of_a_counsellor_has_no_referent_card(client, conseiller):
    client.force_login(conseiller)

    assert OWN not in page(client, reverse("account"))
    assert client.get(OWN).status_code == 404


def test_a_referent_edits_their_domains_and_coverage(client, bruno, structure):
    domain = factories.DomainFactory(name="Prestations familiales")
    client.force_login(bruno)

    response = client.post(OWN, {"domains": [domain.pk], "structures": [structure.pk], "territory": ""})

    assert response.status_code == 302 and response["Location"] == reverse("account")
    record = Referent.objects.get(user=bruno)
    assert list(record.domains.all()) == [domain] and list(record.structures.all()) == [structure]


def test_the_own_record_form_needs_what_they_cover(client, bruno):
    client.force_login(bruno)

    response = client.post(OWN, {"territory": ""})

    assert response.status_code == 200
    assert "Indiquez les structures couvertes ou le territoire couvert." in response.content.decode()


def test_the_own_record_page_never_reaches_another_record(client, bruno, referent):
    """The page has no id: each person reaches only their own record."""
    client.force_login(referent)

    client.post(OWN, {"territory": "Nord du département"})

    assert Referent.objects.get(user=referent).territory == "Nord du département"
    assert Referent.objects.get(user=bruno).territory == ""


def test_anonymous_cannot_reach_the_own_record_page(client):
    assert client.get(OWN).status_code == 302


# --- No duplicate ---------------------------------------------------------------------------------


def test_the_import_of_authorised_people_links_the_existing_record_by_email(partner):
    existing = factories.PartnerReferentFactory(
        partner=partner, full_name="B. Leroy", email="bruno.leroy@example.org", territory="Nord"
    )
    dataset = tablib.Dataset(
        ["bruno.leroy@example.org", "Bruno", "Leroy", "referent", "Conseiller expert", "", "", "CAF"],
        headers=["email", "prenom", "nom", "role", "fonction", "telephone", "structure", "partenaire"],
    )

    with set_actor(None):
        result = AuthorisedPersonResource().import_data(dataset, dry_run=False, raise_errors=False)

    assert not result.has_errors() and not result.has_validation_errors()
    [record] = Referent.objects.filter(partner=partner)
    assert record.pk == existing.pk and record.user.email == "bruno.leroy@example.org"
    assert (record.full_name, record.function, record.territory) == (
        "Bruno Leroy",
        "Conseiller expert",
        "Nord",
    )


def test_a_new_account_takes_the_record_of_the_same_name(partner):
    existing = factories.PartnerReferentFactory(partner=partner, full_name="Anne Exemple", email="")

    person = factories.referent(partner=partner, first_name="Anne", last_name="Exemple")

    assert Referent.objects.get(user=person).pk == existing.pk
    assert Referent.objects.filter(partner=partner).count() == 1


def test_two_namesakes_at_one_partner_keep_two_records(partner):
    first = factories.referent(partner=partner, first_name="Anne", last_name="Martin")
    second = factories.referent(partner=partner, first_name="Anne", last_name="Martin")

    names = {Referent.objects.get(user=first).full_name, Referent.objects.get(user=second).full_name}
    assert names == {"Anne Martin", "Anne Martin (2)"}


def test_the_record_follows_the_person_to_another_partner(partner, bruno):
    other = factories.PartnerFactory(name="Mutualité sociale agricole", acronym="MSA", slug="msa")
    membership = bruno.memberships.get()
    membership.partner = other
    membership.save()

    assert Referent.objects.get(user=bruno).partner == other


def test_a_refresh_file_without_the_account_column_keeps_the_link(bruno, partner):
    dataset = tablib.Dataset(
        ["caf", "Bruno Leroy", "Tout le 82"], headers=["partenaire", "nom", "territoire"]
    )

    result = ReferentResource().import_data(dataset, dry_run=False, raise_errors=False)

    assert not result.has_validation_errors(), result.spreadsheet.messages
    record = Referent.objects.get(partner=partner, full_name="Bruno Leroy")
    assert record.user == bruno and record.territory == "Tout le 82"


def test_contacts_stay_behind_login(client, bruno):
    response = client.get(SEARCH)

    assert response.status_code == 302
    assert "0563000099" not in response.content.decode()


def test_a_person_logging_in_does_not_rewrite_their_record(client, bruno):
    record = Referent.objects.get(user=bruno)
    stamp = record.search_title

    client.post(reverse("account_login"), {"login": bruno.email, "password": PASSWORD})

    record.refresh_from_db()
    assert record.search_title == stamp


# --- Query counts ---------------------------------------------------------------------------------


def _more_referent_accounts(partner, structure, count=5):
    domain = factories.DomainFactory()
    for _ in range(count):
        person = factories.referent(partner=partner, phone="0563000001", contact_email="x@example.org")
        record = Referent.objects.get(user=person)
        record.domains.add(domain)
        record.structures.add(structure)
        factories.PartnerReferentFactory(partner=partner).structures.add(structure)


@pytest.mark.parametrize("where", ["search", "partner", "structure"])
def test_query_counts_stay_flat_with_referent_accounts(
    client, conseiller, partner, structure, queries_stay_flat, where
):
    _more_referent_accounts(partner, structure, 1)
    client.force_login(conseiller)
    url = {
        "search": SEARCH,
        "partner": partner.get_absolute_url(),
        "structure": structure.get_absolute_url(),
    }[where]

    assert queries_stay_flat(url, lambda: _more_referent_accounts(partner, structure)) <= 25

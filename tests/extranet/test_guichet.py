"""The guichet role (town-hall secretariats, MDS): its attachment to a commune, its import, and the
fence that keeps it to its home, its account, the legal pages and what apps open to it."""

import pytest
import tablib
from auditlog.context import set_actor
from django.urls import reverse

from annuaire import affiliations
from annuaire.models import Membership
from annuaire.resources import AuthorisedPersonResource
from extranet import registry
from extranet.enums import Role
from extranet.models import User
from tests import factories
from tests.url_walk import DUMMY_KWARGS, named_patterns

HEADERS = ["email", "prenom", "nom", "role", "fonction", "telephone", "structure", "partenaire", "commune"]


def run_import(rows):
    dataset = tablib.Dataset(*rows, headers=HEADERS)
    with set_actor(None):
        return AuthorisedPersonResource().import_data(dataset, raise_errors=False)


def test_import_creates_a_guichet_attached_to_its_commune_by_name_or_insee_code(
    db, django_capture_on_commit_callbacks
):
    lavit = factories.CommuneFactory(name="Lavit", insee_code="82097")
    montech = factories.CommuneFactory(name="Montech", insee_code="82125")
    rows = [
        ["mairie@lavit.example.org", "Anne", "Roux", "guichet", "Secrétaire de mairie", "", "", "", "lavit"],
        ["mds@montech.example.org", "Paul", "Mas", "Guichet d'orientation (mairie, MDS)", "MDS", "", "", "",
         "82125"],
    ]  # fmt: skip

    with django_capture_on_commit_callbacks(execute=True):
        result = run_import(rows)

    assert not result.has_errors() and not result.has_validation_errors()
    anne = User.objects.get(email="mairie@lavit.example.org")
    paul = User.objects.get(email="mds@montech.example.org")
    assert anne.role == paul.role == Role.GUICHET
    assert [m.commune for m in Membership.objects.filter(user=anne)] == [lavit]
    assert affiliations.Affiliations.of(paul).commune_ids == {montech.pk}
    assert affiliations.Affiliations.of(paul).structure_ids == frozenset()


@pytest.mark.parametrize(
    ("commune", "reason"),
    [
        ("", "Un guichet d'orientation doit être rattaché à la commune de sa mairie ou de sa MDS."),
        ("Nulle-Part", "Commune « Nulle-Part » introuvable dans l'annuaire."),
    ],
)
def test_import_refuses_a_guichet_without_a_known_commune(db, commune, reason):
    result = run_import([["x@example.org", "X", "Y", "guichet", "", "", "", "", commune]])

    [invalid] = result.invalid_rows
    assert invalid.error_dict["commune"] == [reason]
    assert not User.objects.filter(email="x@example.org").exists()


def test_a_commune_attachment_counts_only_for_a_guichet(db):
    commune = factories.CommuneFactory()
    counsellor = factories.counsellor()
    factories.MembershipFactory(user=counsellor, commune=commune)

    assert affiliations.Affiliations.of(counsellor).commune_ids == frozenset()


def test_a_membership_targets_exactly_one_thing(db):
    membership = Membership(
        user=factories.UserFactory(role=Role.GUICHET),
        commune=factories.CommuneFactory(),
        structure=factories.StructureFactory(),
    )

    with pytest.raises(Exception, match="soit une commune"):
        membership.full_clean()


# --- The fence -------------------------------------------------------------------------------------


def _opens_to_guichet(name: str, pattern) -> bool:
    """What the guichet role may open: the core's home, account and legal pages (and the health check,
    public and answered before any view), allauth's account security pages, and what apps declared in
    the registry."""
    return (
        name in {"home", "account", "account_email", "healthz"}
        or name.startswith("legal:")
        or pattern.callback.__module__.startswith("allauth.")
        or registry.reaches(User(role=Role.GUICHET), name)
    )


def _all_urls():
    for name, pattern in named_patterns():
        kwargs = {key: DUMMY_KWARGS.get(key, "1") for key in pattern.pattern.regex.groupindex}
        yield name, reverse(name, kwargs=kwargs), _opens_to_guichet(name, pattern)


ALL_URLS = sorted(set(_all_urls()))
CLOSED = [(name, url) for name, url, opens in ALL_URLS if not opens]


def test_the_walk_closes_the_pages_of_every_app():
    names = {name for name, _url in CLOSED}
    assert {"admin:index", "annuaire:structure_list", "search", "calendrier:event_list"} <= names


@pytest.mark.parametrize(("name", "url"), CLOSED, ids=[name for name, _url in CLOSED])
def test_a_guichet_reaches_nothing_else_of_the_extranet(client, guichet, name, url):
    client.force_login(guichet)

    assert client.get(url).status_code == 403, name
    assert client.post(url).status_code == 403, name


def test_a_guichet_home_shows_its_commune_and_no_other_app(client, guichet):
    client.force_login(guichet)

    response = client.get(reverse("home"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Guichet d&#x27;orientation (mairie, MDS)" in content
    assert "Lavit" in content
    assert 'role="search"' not in content
    for entry in registry.nav_entries_for(factories.UserFactory.build(role=Role.CONSEILLER)):
        if not registry.reaches(guichet, entry.url_name):
            assert f'href="{reverse(entry.url_name)}"' not in content


def test_a_guichet_keeps_its_account_page(client, guichet):
    client.force_login(guichet)

    assert client.get(reverse("account")).status_code == 200
    assert client.get(reverse("account_change_password")).status_code == 200
    assert client.get(reverse("legal:donnees_personnelles")).status_code == 200


def test_other_roles_are_not_fenced(client, conseiller):
    client.force_login(conseiller)

    assert client.get(reverse("annuaire:structure_list")).status_code == 200

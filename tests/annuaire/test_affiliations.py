"""One rule of who speaks for a structure or a partner, asked the same way by every app.

Each app's permission functions are run against the same personas, including the cases the apps
used to disagree on: a counsellor also attached to a partner, an inactive attachment, a deactivated
account, a referent attached to a structure.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annuaire import permissions as annuaire_permissions
from annuaire.affiliations import Affiliations
from calendrier import permissions as calendrier_permissions
from calendrier.enums import EventKind
from calendrier.models import Event
from extranet.enums import Role
from fichiers import permissions as fichiers_permissions
from fichiers.models import Document
from forum import permissions as forum_permissions
from forum.structure import sync_partner_forum
from tests import factories


def _counsellor_also_at_partner(structure, partner):
    user = factories.counsellor(structure=structure)
    factories.MembershipFactory(user=user, partner=partner)
    return user


def _referent_attached_to_structure(structure, partner):
    user = factories.UserFactory(role=Role.REFERENT)
    factories.MembershipFactory(user=user, structure=structure)
    return user


def _steering_attached_to_both(structure, partner):
    user = factories.UserFactory(role=Role.PILOTAGE)
    factories.MembershipFactory(user=user, structure=structure)
    factories.MembershipFactory(user=user, partner=partner)
    return user


PERSONAS = {
    "conseiller": lambda s, p: factories.counsellor(structure=s),
    "itinérant de la structure": lambda s, p: (
        factories.MembershipFactory(user=factories.UserFactory(role=Role.ITINERANT), structure=s).user
    ),
    "conseiller, rattachement inactif": lambda s, p: (
        factories.MembershipFactory(user=factories.UserFactory(), structure=s, is_active=False).user
    ),
    "conseiller, compte désactivé": lambda s, p: factories.counsellor(structure=s, is_active=False),
    "conseiller aussi rattaché au partenaire": _counsellor_also_at_partner,
    "référent": lambda s, p: factories.referent(partner=p),
    "référent, rattachement inactif": lambda s, p: (
        factories.MembershipFactory(
            user=factories.UserFactory(role=Role.REFERENT), partner=p, is_active=False
        ).user
    ),
    "référent, compte désactivé": lambda s, p: factories.referent(partner=p, is_active=False),
    "référent rattaché à la structure": _referent_attached_to_structure,
    "pilotage rattaché aux deux": _steering_attached_to_both,
    "animateur CCI": lambda s, p: factories.UserFactory(staff=True),
    "animateur sans accès équipe": lambda s, p: factories.UserFactory(role=Role.ANIMATEUR),
    "conseiller d'ailleurs": lambda s, p: factories.counsellor(),
}

SPEAK_FOR_STRUCTURE = {
    "conseiller",
    "itinérant de la structure",
    "conseiller aussi rattaché au partenaire",
    "animateur CCI",
}
SPEAK_FOR_PARTNER = {"référent", "animateur CCI"}


def _someone_else():
    return factories.UserFactory(email="auteur@example.org")


def _moderates_partner_forum(user, partner) -> bool:
    link = sync_partner_forum(partner)
    moderators = [forum_permissions.staff_group().pk] + ([link.referents_group_id] if link else [])
    return user.groups.filter(pk__in=moderators).exists()


STRUCTURE_CHECKS = {
    "annuaire: modifier la fiche": annuaire_permissions.can_edit_structure,
    "fichiers: modifier un fichier de la structure": lambda user, structure: (
        fichiers_permissions.can_edit_document(
            user, Document(structure=structure, uploaded_by=_someone_else())
        )
    ),
    "fichiers: publier au nom de la structure": lambda user, structure: (
        fichiers_permissions.structures_for(user).filter(pk=structure.pk).exists()
    ),
}

PARTNER_CHECKS = {
    "annuaire: modifier la fiche": annuaire_permissions.can_edit_partner,
    "calendrier: modifier un webinaire du partenaire": lambda user, partner: (
        calendrier_permissions.can_edit_event(
            user, Event(kind=EventKind.PARTNER_WEBINAR, organiser_partner=partner)
        )
    ),
    "calendrier: organiser pour le partenaire": lambda user, partner: (
        calendrier_permissions.partners_of(user).filter(pk=partner.pk).exists()
    ),
    "fichiers: modifier un fichier du partenaire": lambda user, partner: (
        fichiers_permissions.can_edit_document(user, Document(partner=partner, uploaded_by=_someone_else()))
    ),
    "fichiers: publier au nom du partenaire": lambda user, partner: (
        fichiers_permissions.partners_for(user).filter(pk=partner.pk).exists()
    ),
    "forum: répondre au nom du partenaire": forum_permissions.speaks_for_partner,
    "forum: modérer le forum du partenaire": _moderates_partner_forum,
}

# The calendar lets the steering staff (and the CCI) organise and edit every event, whatever their
# attachments: steering committees are theirs.
MANAGES_WHOLE_CALENDAR = {"pilotage rattaché aux deux", "animateur CCI"}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("check", STRUCTURE_CHECKS)
def test_who_speaks_for_a_structure(check, persona, structure, partner):
    user = PERSONAS[persona](structure, partner)
    assert STRUCTURE_CHECKS[check](user, structure) is (persona in SPEAK_FOR_STRUCTURE)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("check", PARTNER_CHECKS)
def test_who_speaks_for_a_partner(check, persona, structure, partner):
    user = PERSONAS[persona](structure, partner)
    expected = persona in SPEAK_FOR_PARTNER or (
        check.startswith("calendrier") and persona in MANAGES_WHOLE_CALENDAR
    )
    assert PARTNER_CHECKS[check](user, partner) is expected


def test_one_query_per_person_however_many_objects_are_checked(django_assert_num_queries, conseiller):
    structures = [factories.StructureFactory() for _ in range(5)]
    partners = [factories.PartnerFactory() for _ in range(5)]
    with django_assert_num_queries(1):
        for structure, partner in zip(structures, partners, strict=True):
            annuaire_permissions.can_edit_structure(conseiller, structure)
            annuaire_permissions.can_edit_partner(conseiller, partner)
            fichiers_permissions.can_edit_document(conseiller, Document(structure=structure, partner=partner))


def test_a_new_attachment_is_seen_by_the_same_user_object(conseiller):
    other = factories.StructureFactory()
    assert not annuaire_permissions.can_edit_structure(conseiller, other)
    membership = factories.MembershipFactory(user=conseiller, structure=other)
    assert annuaire_permissions.can_edit_structure(conseiller, other)
    membership.delete()
    assert not annuaire_permissions.can_edit_structure(conseiller, other)
    conseiller.is_active = False
    conseiller.save()
    affiliations = Affiliations.of(conseiller)
    assert not affiliations.structure_ids and not affiliations.runs_network


AFFILIATIONS_QUERY = (
    'SELECT "annuaire_membership"."structure_id" AS "structure_id", "annuaire_membership"."partner_id"'
)


@pytest.mark.parametrize(
    "page",
    [
        ("home",),
        ("calendrier:event_list",),
        ("calendrier:month",),
        ("calendrier:event_create",),
        ("fichiers:news_create",),
        ("fichiers:document_create",),
        ("annuaire:partner_detail", "caf"),
    ],
    ids=lambda page: page[0],
)
def test_a_page_works_out_the_affiliations_once(client, referent, page):
    """However many rights a page checks, the person's attachments are read once per request."""
    client.force_login(referent)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(page[0], args=page[1:])).status_code == 200
    reads = [q["sql"] for q in queries if q["sql"].startswith(AFFILIATIONS_QUERY)]
    assert len(reads) == 1

import io

from django.core.management import call_command
from machina.apps.forum.models import Forum

from annuaire.models import Partner
from annuaire.reference_data import load_reference_data
from forum.models import PartnerForum
from forum.permissions import STAFF_GROUP_NAME
from tests import factories


def test_sync_forums_creates_the_national_and_network_forums_once(db):
    load_reference_data()
    call_command("sync_forums", stdout=io.StringIO())
    call_command("sync_forums", stdout=io.StringIO())

    assert PartnerForum.objects.count() == 9
    names = set(Forum.objects.filter(type=Forum.FORUM_POST).values_list("name", flat=True))
    assert {"Vie du réseau", "Entraide entre conseillers"} <= names
    # 9 partners, 2 network forums, 2 categories: nothing duplicated by the second run.
    assert Forum.objects.count() == 13
    assert set(Partner.objects.values_list("forum_link__forum__parent__name", flat=True)) == {
        "Questions aux partenaires"
    }


def test_a_local_partner_gets_its_forum_with_its_first_referent(db):
    local = factories.PartnerFactory(name="Mission locale", acronym="ML", is_national=False)
    assert not PartnerForum.objects.filter(partner=local).exists()

    referent = factories.referent(partner=local)

    link = PartnerForum.objects.get(partner=local)
    assert link.forum.name == "ML — Mission locale"
    assert referent.groups.filter(pk=link.referents_group_id).exists()


def test_a_new_national_partner_gets_its_forum_and_a_rename_follows(db):
    partner = factories.PartnerFactory(name="Agence nationale", acronym="AN")
    partner.name = "Agence nationale de l'habitat"
    partner.save()

    forum = PartnerForum.objects.get(partner=partner).forum
    assert forum.name == "AN — Agence nationale de l'habitat"


def test_referent_groups_follow_memberships_and_staff_status(partner, referent):
    group = partner.forum_link.referents_group
    assert referent.groups.filter(pk=group.pk).exists()

    membership = referent.memberships.get()
    membership.is_active = False
    membership.save()
    assert not referent.groups.filter(pk=group.pk).exists()

    referent.is_staff = True
    referent.save()
    assert referent.groups.filter(name=STAFF_GROUP_NAME).exists()


def test_deleting_a_referent_or_a_partner_leaves_the_forum_consistent(partner, referent, animateur):
    factories.MembershipFactory(user=animateur, partner=partner)
    animateur.delete()
    referent.delete()
    link = PartnerForum.objects.get(partner=partner)
    assert not link.referents_group.user_set.exists()

    forum = link.forum
    partner.delete()
    assert not PartnerForum.objects.exists()
    assert Forum.objects.filter(pk=forum.pk).exists()  # the conversations are kept

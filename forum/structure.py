"""Which forums exist: two categories, the two network forums and one forum per partner.

A national partner always has its forum; a local partner gets one once it has a referent (an active
membership). A forum is never deleted here: a partner losing its referents keeps its forum and its
history. Everything is idempotent: `sync_forums()` can run at every deployment.
"""

from django.contrib.auth.models import Group
from django.db import transaction
from machina.apps.forum.models import Forum

from annuaire import affiliations
from annuaire.models import Partner
from extranet import fragments
from extranet.models import User
from forum import permissions
from forum.models import NetworkForum, NetworkForumKey, PartnerForum

NETWORK_FORUMS = {
    # key: (parent key or None for a category, description)
    NetworkForumKey.PARTNERS: (None, ""),
    NetworkForumKey.NETWORK: (None, ""),
    NetworkForumKey.NETWORK_LIFE: (
        NetworkForumKey.NETWORK,
        "Informations et échanges de tout le réseau France Services de Tarn-et-Garonne.",
    ),
    NetworkForumKey.MUTUAL_HELP: (
        NetworkForumKey.NETWORK,
        "Les conseillers France Services s'entraident : pratiques, outils, cas rencontrés.",
    ),
}


def network_forum(key: NetworkForumKey) -> Forum:
    """The forum or category `key`, created on first use."""
    link = NetworkForum.objects.select_related("forum").filter(key=key).first()
    if link:
        return link.forum
    parent_key, description = NETWORK_FORUMS[key]
    forum = Forum.objects.create(
        name=key.label,
        type=Forum.FORUM_CAT if parent_key is None else Forum.FORUM_POST,
        parent=network_forum(parent_key) if parent_key else None,
        description=description,
    )
    NetworkForum.objects.create(key=key, forum=forum)
    return forum


def forum_name(partner: Partner) -> str:
    name = partner.name
    if partner.acronym and partner.acronym.lower() not in name.lower():
        name = f"{partner.acronym} — {name}"
    return name[:100]


def needs_forum(partner: Partner) -> bool:
    return partner.is_national or affiliations.referents_of(partner).exists()


@transaction.atomic
def sync_partner_forum(partner: Partner) -> PartnerForum | None:
    """Create or rename `partner`'s forum and its referents' group; put its referents in the group."""
    link = PartnerForum.objects.select_related("forum", "referents_group").filter(partner=partner).first()
    if link is None and not needs_forum(partner):
        return None
    group_name = f"Forum — référents {partner.name}"[:150]
    if link is None:
        forum = Forum.objects.create(
            name=forum_name(partner),
            type=Forum.FORUM_POST,
            parent=network_forum(NetworkForumKey.PARTNERS),
            description=f"Les conseillers posent leurs questions aux référents de {partner.name}.",
        )
        group = Group.objects.get_or_create(name=group_name)[0]
        link = PartnerForum.objects.create(partner=partner, forum=forum, referents_group=group)
    else:
        if link.forum.name != forum_name(partner):
            link.forum.name = forum_name(partner)
            link.forum.save()
        if link.referents_group.name != group_name:
            link.referents_group.name = group_name
            link.referents_group.save(update_fields=["name"])
    permissions.grant_referent_permissions(link)
    for user in affiliations.referents_of(partner):
        permissions.sync_user_groups(user)
    return link


@transaction.atomic
def sync_forums() -> None:
    """Bring every forum, grant and group membership in step with the directory (idempotent)."""
    permissions.grant_permissions()
    for key in NETWORK_FORUMS:
        network_forum(key)
    for partner in Partner.objects.order_by("-is_national", "name"):
        sync_partner_forum(partner)
    for user in User.objects.all():
        permissions.sync_user_groups(user)
    # The remedy for rights written behind the ORM's back: everyone's rights are worked out afresh.
    fragments.changed(permissions.RIGHTS_TOPIC)

"""Who may do what in the forum: every rule of the forum's rights lives here.

Rights are given through machina's own permission model, never by hand per person:

* every logged-in member (all accounts are personal and vetted) reads and posts everywhere: global
  `UserForumPermission` rows for "any authenticated user" (`grant_permissions`);
* a partner's referents (the people who speak for it, as `annuaire.affiliations` says) moderate that
  partner's forum: one Django group per partner ("Forum — référents <partner>", kept in
  `PartnerForum.referents_group`), granted moderation on that forum with `GroupForumPermission`;
* the CCI (staff accounts) moderates everything: one group granted moderation on every forum (global
  rows, so forums created later are covered too);
* nobody anonymous: no row targets the anonymous user, and the login middleware turns them away first.

Why groups kept in sync rather than a permission handler reading memberships: machina's views, template
tags and admin all read its permission tables, so the rights shown in machina's admin are the real ones
and nothing of machina has to be patched. The price is keeping the groups in step: `sync_user_groups()`
runs on every save of a Membership or a User (forum/receivers.py) and `manage.py sync_forums` redoes
everything (idempotent) for changes made behind the ORM's back (e.g. `QuerySet.update`); run it at
each deployment, since the grants themselves are written by it.

Members attach and download files; attachments pass the file catalogue's upload checks (forum/forms.py)
and are downloaded through machina's view, which checks `can_download_file`. Polls are turned off
(`ForumPermissionHandler`): superusers would bypass a missing permission row.
"""

from django.contrib.auth.models import Group
from machina.apps.forum.models import Forum
from machina.apps.forum_permission.handler import PermissionHandler
from machina.apps.forum_permission.models import ForumPermission, GroupForumPermission, UserForumPermission

from annuaire.affiliations import Affiliations
from extranet import fragments

MEMBER_PERMISSIONS = (
    "can_see_forum",
    "can_read_forum",
    "can_start_new_topics",
    "can_reply_to_topics",
    "can_edit_own_posts",
    "can_post_without_approval",
    "can_attach_file",
    "can_download_file",
)
MODERATOR_PERMISSIONS = (
    "can_edit_posts",
    "can_delete_posts",
    "can_approve_posts",
    "can_lock_topics",
    "can_reply_to_locked_topics",
    "can_post_stickies",
)
STAFF_PERMISSIONS = (*MODERATOR_PERMISSIONS, "can_move_topics", "can_post_announcements")

STAFF_GROUP_NAME = "Forum — animation du réseau (CCI)"


class ForumPermissionHandler(PermissionHandler):
    """machina's handler with polls turned off for everybody, superusers included."""

    def can_create_polls(self, forum, user):
        return False

    def can_vote_in_poll(self, poll, user):
        return False


RIGHTS_TOPIC = "forum-rights"


def readable_forum_ids(user) -> frozenset[int]:
    """The keys of the forums `user` may read.

    machina works them out in five queries, so the answer is kept twice: on the user object, which
    lives as long as the request (request.user), and in the shared cache under the version of the
    « forum-rights » topic (extranet/fragments.py), which every change of machina's permission rows,
    of the forums' tree or of a person's groups renews (`ForumExtConfig.ready()`, forum/receivers.py).
    It varies on the person and on what of them machina reads besides their groups.
    """
    if not hasattr(user, "_readable_forum_ids"):
        user._readable_forum_ids = fragments.cached_value(
            "forum-rights",
            [RIGHTS_TOPIC],
            [user.pk, user.role, user.is_active, user.is_staff, user.is_superuser],
            lambda: frozenset(
                ForumPermissionHandler()
                .get_readable_forums(Forum.objects.all(), user)
                .values_list("pk", flat=True)
            ),
        )
    return user._readable_forum_ids


def speaks_for_partner(user, partner) -> bool:
    """True when a reply by `user` answers a question put to `partner`: its referent, or the CCI."""
    return partner is not None and Affiliations.of(user).speaks_for_partner(partner.pk)


def _permissions(codenames) -> list[ForumPermission]:
    return list(ForumPermission.objects.filter(codename__in=codenames))


def staff_group() -> Group:
    return Group.objects.get_or_create(name=STAFF_GROUP_NAME)[0]


def grant_permissions() -> None:
    """The grants that do not depend on a partner: members everywhere, the CCI everywhere."""
    for permission in _permissions(MEMBER_PERMISSIONS):
        UserForumPermission.objects.get_or_create(
            permission=permission, forum=None, user=None, authenticated_user=True, defaults={"has_perm": True}
        )
    group = staff_group()
    for permission in _permissions(STAFF_PERMISSIONS):
        GroupForumPermission.objects.get_or_create(
            permission=permission, forum=None, group=group, defaults={"has_perm": True}
        )


def grant_referent_permissions(partner_forum) -> None:
    for permission in _permissions(MODERATOR_PERMISSIONS):
        GroupForumPermission.objects.get_or_create(
            permission=permission,
            forum=partner_forum.forum,
            group=partner_forum.referents_group,
            defaults={"has_perm": True},
        )


def sync_user_groups(user) -> None:
    """Put `user` in exactly the forum groups their attachments and status call for."""
    from forum.models import PartnerForum

    staff = staff_group().pk
    managed = {staff, *PartnerForum.objects.values_list("referents_group_id", flat=True)}
    # Computed afresh: this runs right after the person or one of their memberships changed.
    affiliations = Affiliations(user)
    wanted = set(
        PartnerForum.objects.filter(partner__in=affiliations.partner_ids).values_list(
            "referents_group_id", flat=True
        )
    )
    if affiliations.runs_network:
        wanted.add(staff)
    current = set(user.groups.filter(pk__in=managed).values_list("pk", flat=True))
    if current - wanted:
        user.groups.remove(*(current - wanted))
    if wanted - current:
        user.groups.add(*(wanted - current))


def can_see_answer_report(user) -> bool:
    """The CCI and the steering staff (Département, Préfecture) read the answer-delay report."""
    return Affiliations.of(user).oversees

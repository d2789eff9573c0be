"""Keeps the forum in step with the directory, and reacts to new posts."""

from django.db import models
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from machina.apps.forum.models import Forum
from machina.apps.forum.signals import forum_moved
from machina.apps.forum_conversation.models import Post

from annuaire.models import Membership, Partner
from extranet import fragments
from extranet.models import User
from forum import answers, notifications, permissions, structure
from forum.models import PostSearchText


@receiver(post_save, sender=Partner, dispatch_uid="forum_partner_saved")
def partner_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        structure.sync_partner_forum(instance)


@receiver(post_save, sender=Membership, dispatch_uid="forum_membership_saved")
@receiver(post_delete, sender=Membership, dispatch_uid="forum_membership_deleted")
def membership_changed(sender, instance, raw=False, origin=None, **kwargs):
    # A membership deleted along with its person or partner: nothing to keep in step (and adding the
    # departing person to a group here would leave a row pointing at a deleted account).
    if raw or (origin is not None and not isinstance(origin, Membership | models.QuerySet)):
        return
    if instance.partner_id:
        # A local partner gets its forum with its first referent.
        structure.sync_partner_forum(instance.partner)
    permissions.sync_user_groups(instance.user)


@receiver(post_save, sender=User, dispatch_uid="forum_user_saved")
def user_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    # Logging in saves `last_login` alone: only a change of status or role can change forum rights.
    if raw or (update_fields is not None and not {"is_staff", "is_active", "role"} & set(update_fields)):
        return
    permissions.sync_user_groups(instance)


@receiver(post_save, sender=Forum, dispatch_uid="forum_forum_saved")
def forum_saved(sender, instance, created, raw=False, **kwargs):
    # machina saves a forum at every post (its counters): only a new or moved forum (`forum_moved`
    # below) changes who reads what, rights being inherited along the tree.
    if created:
        fragments.changed(permissions.RIGHTS_TOPIC)


@receiver(forum_moved, dispatch_uid="forum_forum_moved")
def forum_was_moved(sender, previous_parent, **kwargs):
    fragments.changed(permissions.RIGHTS_TOPIC)


@receiver(post_delete, sender=Forum, dispatch_uid="forum_forum_deleted")
def forum_deleted(sender, instance, **kwargs):
    fragments.changed(permissions.RIGHTS_TOPIC)


@receiver(post_save, sender=Post, dispatch_uid="forum_post_saved")
def post_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    PostSearchText.index(instance)
    if not created or not instance.approved or instance.poster_id is None:
        return
    topic = instance.topic
    # Authors follow their topics: they hear of the replies.
    topic.subscribers.add(instance.poster_id)
    if Post.objects.filter(topic=topic).exclude(pk=instance.pk).exists():
        answers.record_reply(instance)
        notifications.notify_reply(instance)
    else:
        partner = answers.record_question(instance)
        if partner is not None:
            notifications.notify_new_topic(instance, partner)

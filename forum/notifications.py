"""Forum e-mails: a new question to a partner's referents, a reply to the topic's subscribers.

Sent once the transaction commits (a rolled-back post sends nothing) and one e-mail per person (no
one sees the other recipients). A mail server failure is logged and swallowed: the post is already
saved, and a reader must never get an error page for it.
"""

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from forum import permissions
from forum.links import topic_path
from forum.models import NotificationPreference

logger = logging.getLogger(__name__)


def new_topic_recipients(post, partner):
    return (
        permissions.referents_of(partner)
        .exclude(pk=post.poster_id)
        .exclude(pk__in=NotificationPreference.opted_out("new_topics"))
    )


def reply_recipients(post):
    return (
        post.topic.subscribers.filter(is_active=True)
        .exclude(pk=post.poster_id)
        .exclude(pk__in=NotificationPreference.opted_out("replies"))
    )


def _send(kind: str, post, recipients) -> None:
    context = {
        "post": post,
        "topic": post.topic,
        "forum": post.topic.forum,
        "url": f"{settings.SITE_URL}{topic_path(post.topic)}",
        "preferences_url": f"{settings.SITE_URL}{reverse('forum_ext:preferences')}",
    }
    messages = []
    for user in recipients:
        context["recipient"] = user
        message = EmailMultiAlternatives(
            subject=render_to_string(f"forum_ext/emails/{kind}_subject.txt", context).strip(),
            body=render_to_string(f"forum_ext/emails/{kind}_body.txt", context),
            to=[user.email],
        )
        message.attach_alternative(
            render_to_string(f"forum_ext/emails/{kind}_body.html", context), "text/html"
        )
        messages.append(message)
    if not messages:
        return
    try:
        get_connection().send_messages(messages)
    except (smtplib.SMTPException, OSError):
        logger.exception("Forum e-mails (%s) for post %s could not be sent.", kind, post.pk)


def notify_new_topic(post, partner) -> None:
    transaction.on_commit(lambda: _send("new_topic", post, new_topic_recipients(post, partner)))


def notify_reply(post) -> None:
    transaction.on_commit(lambda: _send("reply", post, reply_recipients(post)))

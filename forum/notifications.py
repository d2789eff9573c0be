"""Forum e-mails: a new question to a partner's referents, a reply to the topic's subscribers.

One e-mail per person (no one sees the other recipients), sent through `extranet.emails`: after the
commit, and a mail server failure never turns the posting into an error page.
"""

from django.urls import reverse

from annuaire import affiliations
from extranet.emails import absolute_url, build_email, send_after_commit
from forum.links import topic_path
from forum.models import NotificationPreference


def new_topic_recipients(post, partner):
    return (
        affiliations.referents_of(partner)
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
    """Send the `kind` e-mail about `post` to `recipients`, a queryset read once the post is committed."""
    context = {
        "post": post,
        "topic": post.topic,
        "forum": post.topic.forum,
        "url": absolute_url(topic_path(post.topic)),
        "preferences_url": absolute_url(reverse("forum_ext:preferences")),
    }
    send_after_commit(
        lambda: [
            build_email(f"forum_ext/emails/{kind}", {**context, "recipient": user}, user.email)
            for user in recipients
        ],
        f"forum {kind} for post {post.pk}",
    )


def notify_new_topic(post, partner) -> None:
    _send("new_topic", post, new_topic_recipients(post, partner))


def notify_reply(post) -> None:
    _send("reply", post, reply_recipients(post))

"""The weekly digest of new news and files, for the members who asked for it."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from extranet.emails import build_email, send_after_commit
from fichiers.models import DigestItem, DigestSubscription, Document, News

INTERVAL = dt.timedelta(days=7)


@dataclass
class Digest:
    subscription: DigestSubscription
    news: list[News]
    documents: list[Document]


def due_subscriptions(now: dt.datetime):
    """Active subscribers of active accounts who had no digest in the last seven days."""
    return (
        DigestSubscription.objects.filter(is_active=True, user__is_active=True)
        .exclude(last_sent_at__gt=now - INTERVAL)
        .select_related("user")
    )


def build_digest(subscription: DigestSubscription, now: dt.datetime) -> Digest:
    """What is new since the last digest (or the subscription), minus anything already sent to them."""
    since = subscription.last_sent_at or subscription.subscribed_at
    user = subscription.user
    sent = DigestItem.objects.filter(user=user)
    news = (
        News.objects.visible_to(user)
        .current()
        .published(now)
        .filter(published_at__gt=since)
        .exclude(pk__in=sent.filter(news__isnull=False).values("news"))
        .with_listing()
        .pinned_first()
    )
    documents = (
        Document.objects.visible_to(user)
        .current()
        .filter(created_at__gt=since, created_at__lte=now)
        .exclude(pk__in=sent.filter(document__isnull=False).values("document"))
        .with_listing()
    )
    return Digest(subscription, list(news), list(documents))


def send_digest(digest: Digest, now: dt.datetime) -> None:
    """Record what is sent and write the e-mail to the outbox in the same transaction: never twice,
    never unrecorded (a refused e-mail stays in the outbox and is tried again, extranet/emails.py)."""
    user = digest.subscription.user
    DigestItem.objects.bulk_create(
        [DigestItem(user=user, news=item, sent_at=now) for item in digest.news]
        + [DigestItem(user=user, document=item, sent_at=now) for item in digest.documents]
    )
    digest.subscription.last_sent_at = now
    digest.subscription.save(update_fields=["last_sent_at"])
    context = {"user": user, "news": digest.news, "documents": digest.documents}
    send_after_commit(
        lambda: [build_email("fichiers/emails/digest", context, user.email)],
        f"weekly digest to {user.email}",
    )


def send_due_digests(now: dt.datetime | None = None) -> list[Digest]:
    now = now or timezone.now()
    sent = []
    for subscription in due_subscriptions(now):
        with transaction.atomic():
            digest = build_digest(subscription, now)
            if digest.news or digest.documents:
                send_digest(digest, now)
                sent.append(digest)
    return sent

"""The weekly digest: only for subscribers, only what is new, never the same item twice."""

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from fichiers.digest import send_due_digests
from fichiers.models import DigestItem, DigestSubscription
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)  # the e-mails leave after commit

LAST_WEEK = dt.timedelta(days=8)


@pytest.fixture
def subscriber(conseiller):
    DigestSubscription.objects.create(
        user=conseiller, is_active=True, subscribed_at=timezone.now() - dt.timedelta(days=30)
    )
    return conseiller


def _send(now=None) -> str:
    out = StringIO()
    if now:
        send_due_digests(now)
    else:
        call_command("send_digest", stdout=out)
    return out.getvalue()


def test_digest_sends_new_items_once(subscriber, referent):
    factories.NewsFactory(author=referent, title="Nouvelle prime")
    factories.DocumentFactory(uploaded_by=referent, with_version=True, title="Guide pratique")
    output = _send()
    assert "1 résumé(s) envoyé(s)" in output
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [subscriber.email]
    assert "1 actualité, 1 fichier" in message.subject
    assert "Nouvelle prime" in message.body and "Guide pratique" in message.body
    assert "Nouvelle prime" in message.alternatives[0][0]
    assert DigestItem.objects.filter(user=subscriber).count() == 2

    # Run again straight away, and again a week later with nothing new: nothing is re-sent.
    _send()
    _send(timezone.now() + LAST_WEEK)
    assert len(mail.outbox) == 1


def test_next_digest_has_only_the_new_items(subscriber, referent):
    factories.NewsFactory(author=referent, title="Première")
    _send()
    factories.NewsFactory(author=referent, title="Seconde")
    # Even if the first item were published again with a later date, it is not re-sent.
    later = timezone.now() + LAST_WEEK
    _send(later)
    assert len(mail.outbox) == 2
    assert "Seconde" in mail.outbox[1].body and "Première" not in mail.outbox[1].body


def test_at_most_one_digest_a_week(subscriber, referent):
    factories.NewsFactory(author=referent, title="Lundi")
    _send()
    factories.NewsFactory(author=referent, title="Mardi")
    _send()
    assert len(mail.outbox) == 1  # "Mardi" waits for next week
    _send(timezone.now() + LAST_WEEK)
    assert "Mardi" in mail.outbox[1].body


def test_not_subscribed_or_inactive_gets_nothing(conseiller, referent):
    DigestSubscription.objects.create(user=conseiller, is_active=False)
    referent.is_active = False
    referent.save()
    DigestSubscription.objects.create(user=referent, is_active=True)
    factories.NewsFactory(author=conseiller, title="Nouvelle")
    _send()
    assert mail.outbox == []


def test_nothing_new_sends_nothing(subscriber):
    factories.NewsFactory(
        author=subscriber, title="Avant l'abonnement", published_at=timezone.now() - dt.timedelta(days=60)
    )
    assert "0 résumé(s) envoyé(s)" in _send()
    assert mail.outbox == []


def test_archived_items_are_not_in_the_digest(subscriber, referent):
    factories.NewsFactory(author=referent, title="Déjà archivée", archived_at=timezone.now())
    _send()
    assert mail.outbox == []

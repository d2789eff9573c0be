"""Every kind of e-mail the extranet sends: plain-text subjects, absolute links, mail server failures
(the outbox itself: test_outbox.py).

Each case below makes the site send one kind of e-mail the way it really happens (admin action,
command, post, registration…) with an apostrophe and an ampersand in what the subject shows.
"""

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from annuaire.refresh.reminders import send_due_reminders
from calendrier.models import Registration
from extranet.emails import render_subject
from extranet.invitations import send_invitation
from fichiers.digest import send_due_digests
from fichiers.models import DigestSubscription
from forum.links import topic_path
from forum.structure import sync_forums
from tests import factories

TITLE = "L'atelier « prime d'activité » & RSA"
SITE = "[Extranet France Services 82]"


def invitation(people):
    user = factories.UserFactory(email="nouvelle@example.org", first_name="Zoé d'Arc & Cie")
    user.set_unusable_password()
    user.save()
    send_invitation(user)
    return f"{SITE} Votre accès à l'extranet du réseau", "/comptes/password/reset/key/"


def digest(people):
    DigestSubscription.objects.create(
        user=people["conseiller"], is_active=True, subscribed_at=timezone.now() - dt.timedelta(days=30)
    )
    news = factories.NewsFactory(author=people["referent"], title=TITLE)
    send_due_digests()
    return f"{SITE} Les nouveautés de la semaine : 1 actualité, 0 fichier", news.get_absolute_url()


def _forum(people):
    sync_forums()
    return people["partner"].forum_link.forum


def forum_question(people):
    topic = factories.TopicFactory(forum=_forum(people), poster=people["conseiller"], subject=TITLE)
    subject = f"[Forum CAF — Caisse d'allocations familiales] Nouvelle question : {TITLE}"
    return subject, topic_path(topic)


def forum_reply(people):
    topic = factories.TopicFactory(forum=_forum(people), poster=people["conseiller"], subject=TITLE)
    factories.PostFactory(topic=topic, poster=people["referent"])
    subject = f"[Forum CAF — Caisse d'allocations familiales] Nouvelle réponse : {TITLE}"
    return subject, topic_path(topic)


def _event(**fields):
    return factories.EventFactory(title=TITLE, **fields)


def event_reminder(people):
    start = timezone.localtime() + dt.timedelta(hours=20)
    end = start + dt.timedelta(hours=2)
    event = _event(start_date=start.date(), start_time=start.time(), end_date=end.date(), end_time=end.time())
    Registration.objects.create(event=event, user=people["conseiller"])
    call_command("send_event_reminders")
    return f"{SITE} Rappel : {TITLE} demain", event.get_absolute_url()


def event_promotion(people):
    event = _event(capacity=1)
    event.register(people["referent"])
    event.register(people["conseiller"])  # waiting list
    event.unregister(people["referent"])
    return f"{SITE} Une place s'est libérée : {TITLE}", event.get_absolute_url()


def event_cancellation(people):
    event = _event()
    event.register(people["conseiller"])
    event.cancel()
    return f"{SITE} Annulé : {TITLE}", event.get_absolute_url()


def refresh_reminder(people):
    send_due_reminders()
    return f"{SITE} Vos fiches de l'annuaire sont-elles à jour ?", people["structure"].get_absolute_url()


KINDS = [
    invitation,
    digest,
    forum_question,
    forum_reply,
    event_reminder,
    event_promotion,
    event_cancellation,
    refresh_reminder,
]


@pytest.fixture
def people(structure, partner, conseiller, referent):
    return {"structure": structure, "partner": partner, "conseiller": conseiller, "referent": referent}


def _send(kind, people, capture):
    with capture(execute=True):
        return kind(people)


@pytest.mark.parametrize("kind", KINDS)
def test_every_email_has_a_plain_text_subject_and_absolute_links(
    kind, people, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://extranet.example.org"
    subject, path = _send(kind, people, django_capture_on_commit_callbacks)

    # A subject starts with what is expected (the digest goes on with its counts).
    sent = [message for message in mail.outbox if message.subject.startswith(subject)]
    assert sent, [message.subject for message in mail.outbox]
    message = sent[0]
    assert "&#" not in message.subject and "&amp;" not in message.subject
    html = message.alternatives[0][0]
    # Every link is absolute, and the one to the object itself is there in both versions.
    assert f"https://extranet.example.org{path}" in message.body
    assert f'href="https://extranet.example.org{path}' in html
    assert not re.search(r'href="/', html)
    # The text version is plain text too; the HTML version is escaped as HTML must be.
    assert "&#" not in message.body and "&amp;" not in message.body


@pytest.mark.parametrize("kind", KINDS)
def test_a_mail_server_failure_is_logged_the_work_goes_on_and_the_outbox_sends_it_later(
    kind, people, smtp_down, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    subject, _path = _send(kind, people, django_capture_on_commit_callbacks)  # raises nothing

    assert mail.outbox == []
    assert "E-mail not sent" in caplog.text
    monkeypatch.undo()  # the mail server is back
    call_command("send_pending_emails", "--all-pending")
    assert [message for message in mail.outbox if message.subject.startswith(subject)]


def test_subjects_fold_onto_one_line_without_escaping(tmp_path, settings):
    (tmp_path / "subject.txt").write_text("Rappel :\n  {{ title }}\n")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    assert render_subject("subject.txt", {"title": "<b>Tom & Jerry</b> l'été"}) == (
        "Rappel : <b>Tom & Jerry</b> l'été"
    )

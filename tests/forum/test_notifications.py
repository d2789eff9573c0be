"""Who gets an e-mail, when, and what happens when the mail server fails."""

import pytest
from django.core import mail
from django.urls import reverse

from forum.links import topic_path
from forum.models import NotificationPreference
from tests import factories
from tests.factories import NO_ATTACHMENT


@pytest.fixture
def second_referent(partner):
    return factories.referent(partner=partner, email="referent2@example.org")


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_a_question_to_a_partner_mails_its_referents_only(
    caf_forum, conseiller, referent, second_referent, cpam_referent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        topic = factories.TopicFactory(forum=caf_forum, poster=conseiller, subject="Prime d'activité")

    assert recipients() == ["referent2@example.org", "referent@example.org"]
    message = mail.outbox[0]
    assert (
        message.subject
        == "[Forum CAF — Caisse d'allocations familiales] Nouvelle question : Prime d'activité"
    )
    assert topic_path(topic) in message.body
    assert "Bonjour" in message.body and message.alternatives[0][1] == "text/html"


def test_a_question_in_a_network_forum_mails_nobody(
    mutual_help_forum, conseiller, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        factories.TopicFactory(forum=mutual_help_forum, poster=conseiller)
    assert mail.outbox == []


def test_a_reply_mails_the_subscribers_but_not_its_author(
    caf_forum, conseiller, referent, itinerant, django_capture_on_commit_callbacks
):
    topic = factories.TopicFactory(forum=caf_forum, poster=conseiller)
    factories.PostFactory(topic=topic, poster=itinerant)  # the itinerant agent follows the topic from now on
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        factories.PostFactory(topic=topic, poster=referent, content="Il faut le dernier avis d'imposition.")

    assert recipients() == ["conseiller@example.org", "itinerant@example.org"]
    assert "Nouvelle réponse" in mail.outbox[0].subject


def test_people_can_turn_each_kind_of_email_off(
    caf_forum, conseiller, referent, django_capture_on_commit_callbacks
):
    NotificationPreference.objects.create(user=referent, new_topics=False)
    NotificationPreference.objects.create(user=conseiller, replies=False)
    with django_capture_on_commit_callbacks(execute=True):
        topic = factories.TopicFactory(forum=caf_forum, poster=conseiller)
        factories.PostFactory(topic=topic, poster=referent)
    assert mail.outbox == []


def test_the_preference_page_saves_the_choice(client, conseiller):
    client.force_login(conseiller)
    url = reverse("forum_ext:preferences")
    assert client.get(url).status_code == 200
    response = client.post(url, {"new_topics": "on"})
    assert response.status_code == 302
    preference = NotificationPreference.objects.get(user=conseiller)
    assert preference.new_topics and not preference.replies


def test_nothing_is_sent_before_the_transaction_commits(
    caf_forum, conseiller, referent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        factories.TopicFactory(forum=caf_forum, poster=conseiller)
    assert mail.outbox == []
    assert len(callbacks) == 1


def test_a_mail_failure_is_logged_and_the_post_is_kept(
    client, caf_forum, conseiller, referent, smtp_down, caplog, django_capture_on_commit_callbacks
):
    client.force_login(conseiller)
    url = reverse("forum_conversation:topic_create", args=[caf_forum.slug, caf_forum.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"subject": "Question urgente", "content": "Texte", **NO_ATTACHMENT})

    assert response.status_code == 302
    assert caf_forum.topics.filter(subject="Question urgente").exists()
    assert "E-mail not sent (forum new_topic" in caplog.text

"""A forum's topic list and the new-topic form, as members see them."""

import datetime as dt
import zoneinfo

from django.urls import reverse
from machina.apps.forum_conversation.models import Post, Topic

from extranet.typography import NBSP
from forum.links import topic_path
from tests import factories
from tests.factories import NO_ATTACHMENT

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def test_topic_list_shows_the_first_messages_date_and_author(client, caf_forum, conseiller, referent):
    topic = factories.TopicFactory(forum=caf_forum, poster=conseiller, subject="Dossier RSA bloqué")
    # The question was asked late on 3 March (Paris time); the topic row itself was written later, as
    # when a conversation is imported or back-dated.
    asked_at = dt.datetime(2026, 3, 3, 23, 30, tzinfo=PARIS)
    Post.objects.filter(pk=topic.first_post_id).update(created=asked_at)
    Topic.objects.filter(pk=topic.pk).update(created=asked_at + dt.timedelta(days=2))

    client.force_login(referent)
    page = client.get(reverse("forum:forum", args=[caf_forum.slug, caf_forum.pk])).content.decode()
    assert f"par {conseiller}, le 3{NBSP}mars 2026" in page

    topic_page = client.get(topic_path(topic)).content.decode()
    assert f"le 3{NBSP}mars 2026 à 23{NBSP}h{NBSP}30" in topic_page


def _topic_form(client, user, forum) -> str:
    client.force_login(user)
    url = reverse("forum_conversation:topic_create", args=[forum.slug, forum.pk])
    return client.get(url).content.decode()


def test_members_who_can_only_post_normal_topics_are_not_asked_the_topic_type(client, caf_forum, conseiller):
    page = _topic_form(client, conseiller, caf_forum)
    assert 'name="subject"' in page
    assert "Publier en tant que" not in page
    assert 'name="topic_type"' not in page


def test_moderators_choose_the_topic_type(client, caf_forum, referent):
    page = _topic_form(client, referent, caf_forum)
    assert 'name="topic_type"' in page


def test_a_counsellors_topic_is_a_normal_topic(client, caf_forum, conseiller):
    client.force_login(conseiller)
    # Even a forged type is ignored: the field is not there for them.
    response = client.post(
        reverse("forum_conversation:topic_create", args=[caf_forum.slug, caf_forum.pk]),
        {"subject": "Question", "content": "Comment faire ?", "topic_type": Topic.TOPIC_STICKY}
        | NO_ATTACHMENT,
    )
    assert response.status_code == 302
    assert Topic.objects.get(subject="Question").type == Topic.TOPIC_POST

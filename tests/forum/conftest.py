"""Forum fixtures: the forums of the CAF (the `partner` persona) and of a second partner."""

import pytest
from machina.apps.forum_conversation.models import Post, Topic

from forum.models import NetworkForumKey
from forum.structure import network_forum, sync_forums
from tests import factories


@pytest.fixture
def caf_forum(partner, referent):
    sync_forums()
    return partner.forum_link.forum


@pytest.fixture
def cpam(db):
    return factories.PartnerFactory(name="Caisse primaire d'assurance maladie", acronym="CPAM", slug="cpam")


@pytest.fixture
def cpam_referent(cpam):
    return factories.referent(partner=cpam, email="referent-cpam@example.org")


@pytest.fixture
def mutual_help_forum(caf_forum):
    return network_forum(NetworkForumKey.MUTUAL_HELP)


# What the post forms send for an empty attachment formset (the management form every page renders).
NO_ATTACHMENT = {
    "attachment-TOTAL_FORMS": "0",
    "attachment-INITIAL_FORMS": "0",
    "attachment-MIN_NUM_FORMS": "0",
    "attachment-MAX_NUM_FORMS": "15",
}


def start_topic(forum, poster, subject="Une question", content="Comment faire ?") -> Topic:
    topic = Topic.objects.create(
        forum=forum, poster=poster, subject=subject, type=Topic.TOPIC_POST, status=Topic.TOPIC_UNLOCKED
    )
    Post.objects.create(topic=topic, poster=poster, subject=subject, content=content)
    topic.refresh_from_db()
    return topic


def reply(topic, poster, content="Voici la réponse.") -> Post:
    return Post.objects.create(topic=topic, poster=poster, subject=f"Re : {topic.subject}", content=content)

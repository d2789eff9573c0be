"""Query counts that do not grow with the number of forums or of posts (pinned)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from machina.apps.forum_conversation.models import Post

from forum.structure import sync_partner_forum
from tests import factories
from tests.forum.conftest import reply, start_topic

# Session, user, machina's permission tables, the page's own rows, read tracking and the usage counter.
INDEX_QUERIES = 11
TOPIC_QUERIES = 19
TOPIC_LIST_QUERIES = 19


def queries_for(client, url) -> int:
    """Queries of a second visit: machina's read tracking writes once, on the first visit of a forum."""
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def add_partner_forums(count, poster):
    for _ in range(count):
        forum = sync_partner_forum(factories.PartnerFactory()).forum
        reply(start_topic(forum, poster), poster)


def test_the_index_costs_the_same_with_more_forums(client, caf_forum, conseiller):
    client.force_login(conseiller)
    add_partner_forums(3, conseiller)
    few = queries_for(client, reverse("forum:index"))
    add_partner_forums(10, conseiller)
    many = queries_for(client, reverse("forum:index"))
    assert few == many == INDEX_QUERIES


@pytest.fixture
def long_topic(caf_forum, conseiller, referent):
    topic = start_topic(caf_forum, conseiller)
    first = topic.first_post
    Post.objects.bulk_create(
        Post(
            topic=topic,
            poster=(referent, conseiller)[i % 2],
            subject="Re",
            content=f"Message {i}",
            _content_rendered=f"<p>Message {i}</p>",
        )
        for i in range(499)
    )
    first.save()  # machina's trackers (counts, last post) are updated on save
    topic.refresh_from_db()
    return topic


def test_a_topic_of_500_posts_costs_the_same_on_every_page(
    client, caf_forum, conseiller, referent, long_topic
):
    short_topic = start_topic(caf_forum, conseiller)
    reply(short_topic, referent)
    client.force_login(referent)

    def topic_url(topic, page=1):
        args = [caf_forum.slug, caf_forum.pk, topic.slug, topic.pk]
        return reverse("forum_conversation:topic", args=args) + f"?page={page}"

    assert long_topic.posts_count == 500
    urls = [topic_url(short_topic), topic_url(long_topic), topic_url(long_topic, 34)]
    for url in urls:  # every topic read once: the read tracking is settled
        client.get(url)
    short, first, last = (queries_for(client, url) for url in urls)
    assert (short, first, last) == (TOPIC_QUERIES,) * 3


def test_the_topic_list_costs_the_same_with_more_topics(client, caf_forum, conseiller, referent):
    client.force_login(conseiller)
    url = reverse("forum:forum", args=[caf_forum.slug, caf_forum.pk])
    reply(start_topic(caf_forum, conseiller), referent)
    few = queries_for(client, url)
    for _ in range(15):
        reply(start_topic(caf_forum, factories.counsellor()), referent)
    many = queries_for(client, url)
    assert few == many == TOPIC_LIST_QUERIES

"""Query counts that do not grow with the number of forums or of posts (pinned)."""

import pytest
from django.urls import reverse
from machina.apps.forum_conversation.models import Post

from forum.structure import sync_partner_forum
from tests import factories

# Session, user, machina's permission tables, the page's own rows, read tracking and the usage counter.
INDEX_QUERIES = 11
TOPIC_QUERIES = 19
TOPIC_LIST_QUERIES = 19
# The search of posts: session, user, the versions of the rights and the person's readable forums
# from the shared cache (two queries with the database cache, none with Redis; machina's five on the
# first visit after a change of rights), the page's keys with their number, the page's rows, usage.
FORUM_SEARCH_QUERIES = 7


def add_partner_forums(count, poster):
    for _ in range(count):
        forum = sync_partner_forum(factories.PartnerFactory()).forum
        factories.TopicFactory(forum=forum, poster=poster, answered=True, replied_by=poster)


# Each count is that of a second visit: machina's read tracking writes once, on the first visit of a forum.
def test_the_index_costs_the_same_with_more_forums(client, caf_forum, conseiller, queries_stay_flat):
    client.force_login(conseiller)
    add_partner_forums(3, conseiller)
    assert queries_stay_flat(
        reverse("forum:index"), lambda: add_partner_forums(10, conseiller), visits=2
    ) == (INDEX_QUERIES)


@pytest.fixture
def long_topic(caf_forum, conseiller, referent):
    topic = factories.TopicFactory(forum=caf_forum, poster=conseiller)
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
    client, caf_forum, conseiller, referent, long_topic, queries_stay_flat
):
    short_topic = factories.TopicFactory(forum=caf_forum, poster=conseiller)
    factories.PostFactory(topic=short_topic, poster=referent)
    client.force_login(referent)

    def topic_url(topic, page=1):
        args = [caf_forum.slug, caf_forum.pk, topic.slug, topic.pk]
        return reverse("forum_conversation:topic", args=args) + f"?page={page}"

    assert long_topic.posts_count == 500
    urls = [topic_url(short_topic), topic_url(long_topic), topic_url(long_topic, 34)]
    for url in urls:  # every topic read once: the read tracking is settled
        client.get(url)
    short, first, last = (queries_stay_flat.count(url, visits=2) for url in urls)
    assert (short, first, last) == (TOPIC_QUERIES,) * 3


def test_the_topic_list_costs_the_same_with_more_topics(
    client, caf_forum, conseiller, referent, queries_stay_flat
):
    client.force_login(conseiller)
    url = reverse("forum:forum", args=[caf_forum.slug, caf_forum.pk])
    factories.TopicFactory(forum=caf_forum, poster=conseiller, answered=True, replied_by=referent)

    def grow():
        for _ in range(15):
            factories.TopicFactory(
                forum=caf_forum, poster=factories.counsellor(), answered=True, replied_by=referent
            )

    assert queries_stay_flat(url, grow, visits=2) == TOPIC_LIST_QUERIES


def test_the_search_of_posts_reads_the_rights_from_the_cache(
    client, caf_forum, conseiller, committed, queries_stay_flat
):
    factories.TopicFactory(forum=caf_forum, poster=conseiller, subject="Une question")
    client.force_login(conseiller)
    params = {"q": "question", "source": "forum"}
    assert queries_stay_flat.count(reverse("search"), params, visits=2) == FORUM_SEARCH_QUERIES

"""machina's secondary pages (not overridden) still render inside our layout, with strict templates."""

from django.urls import reverse

from tests import factories


def test_members_secondary_pages(client, caf_forum, conseiller, referent):
    topic = factories.TopicFactory(forum=caf_forum, poster=conseiller)
    factories.PostFactory(topic=topic, poster=referent)
    client.force_login(conseiller)
    for url in (
        reverse("forum_member:user_subscriptions"),
        reverse("forum_member:user_posts", args=[conseiller.pk]),
        reverse("forum_member:topic_unsubscribe", args=[topic.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Aller au contenu" in response.content.decode()  # our layout


def test_moderators_secondary_pages(client, caf_forum, conseiller, referent):
    topic = factories.TopicFactory(forum=caf_forum, poster=conseiller)
    post = factories.PostFactory(topic=topic, poster=conseiller)
    client.force_login(referent)
    args = [caf_forum.slug, caf_forum.pk, topic.slug, topic.pk, post.pk]
    for url in (
        reverse("forum_moderation:queue"),
        reverse("forum_moderation:topic_lock", args=[topic.slug, topic.pk]),
        reverse("forum_conversation:post_delete", args=args),
        reverse("forum_conversation:post_update", args=args),
    ):
        assert client.get(url).status_code == 200, url

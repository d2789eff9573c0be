"""machina's secondary pages render in our own templates (project `templates/`, under machina's names),
inside our layout, with strict templates."""

from django.urls import reverse
from machina.apps.forum_conversation.models import Post, Topic

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


def test_staff_pages_and_confirmations_are_ours(client, caf_forum, mutual_help_forum, animateur, conseiller):
    topic = factories.TopicFactory(forum=caf_forum, poster=conseiller, subject="Une question sur la CAF")
    waiting = factories.PostFactory(topic=topic, poster=conseiller)
    Post.objects.filter(pk=waiting.pk).update(approved=False)
    client.force_login(animateur)
    pages = {
        reverse("forum_moderation:topic_move", args=[topic.slug, topic.pk]): "Déplacer le sujet",
        reverse("forum_moderation:topic_delete", args=[topic.slug, topic.pk]): "Supprimer le sujet",
        reverse("forum_moderation:topic_update_to_sticky", args=[topic.slug, topic.pk]): "Changer le type",
        reverse("forum_moderation:queued_post", args=[waiting.pk]): "Message à valider",
        reverse("forum_moderation:approve_queued_post", args=[waiting.pk]): "Valider le message",
        reverse("forum_member:profile", args=[conseiller.pk]): f"Profil de {conseiller}",
        reverse("forum_member:profile_update"): "Modifier mon profil du forum",
    }
    for url, heading in pages.items():
        page = client.get(url).content.decode()
        assert "<h1>" + heading in page, url
        assert 'role="submit"' not in page, url


def test_locked_topic_is_reopened_from_our_confirmation(client, caf_forum, conseiller, referent):
    topic = factories.TopicFactory(forum=caf_forum, poster=conseiller)
    Topic.objects.filter(pk=topic.pk).update(status=Topic.TOPIC_LOCKED)
    client.force_login(referent)
    url = reverse("forum_moderation:topic_unlock", args=[topic.slug, topic.pk])
    assert "<h1>Rouvrir le sujet</h1>" in client.get(url).content.decode()
    client.post(url, {"post": "yes"})
    topic.refresh_from_db()
    assert topic.status == Topic.TOPIC_UNLOCKED

"""Rights per role, through machina's own permission checks and through the pages."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from machina.apps.forum_conversation.models import Topic

from extranet.enums import Role
from forum.permissions import ForumPermissionHandler
from tests import factories
from tests.factories import NO_ATTACHMENT


def topic_url(topic, name="forum_conversation:topic", **extra):
    kwargs = {"forum_slug": topic.forum.slug, "forum_pk": topic.forum_id, **extra}
    if name == "forum_conversation:topic":
        kwargs.update(slug=topic.slug, pk=topic.pk)
    else:
        kwargs.update(topic_slug=topic.slug, topic_pk=topic.pk)
    return reverse(name, kwargs=kwargs)


@pytest.fixture
def staff_moderator(db):
    """A CCI agent who is staff but not superuser: rights come from the staff group alone."""
    return factories.UserFactory(role=Role.ANIMATEUR, is_staff=True, email="cci@example.org")


@pytest.mark.parametrize("persona", ["conseiller", "referent", "itinerant", "pilotage", "staff_moderator"])
def test_every_member_reads_and_posts_everywhere(
    request, caf_forum, mutual_help_forum, cpam_referent, persona
):
    user = request.getfixturevalue(persona)
    handler = ForumPermissionHandler()
    for forum in (caf_forum, mutual_help_forum, cpam_referent.memberships.get().partner.forum_link.forum):
        assert handler.can_read_forum(forum, user)
        assert handler.can_add_topic(forum, user)


def test_referents_moderate_their_partners_forum_only(caf_forum, referent, cpam_referent, mutual_help_forum):
    handler = ForumPermissionHandler()
    cpam_forum = cpam_referent.memberships.get().partner.forum_link.forum
    assert handler.can_lock_topics(caf_forum, referent)
    assert handler.can_approve_posts(caf_forum, referent)
    assert not handler.can_lock_topics(cpam_forum, referent)
    assert not handler.can_lock_topics(mutual_help_forum, referent)
    assert handler.can_lock_topics(cpam_forum, cpam_referent)


def test_counsellors_moderate_nothing(caf_forum, mutual_help_forum, conseiller):
    handler = ForumPermissionHandler()
    for forum in (caf_forum, mutual_help_forum):
        assert not handler.can_lock_topics(forum, conseiller)
        assert not handler.can_approve_posts(forum, conseiller)
    topic = factories.TopicFactory(forum=caf_forum, poster=factories.counsellor())
    assert not handler.can_edit_post(topic.first_post, conseiller)
    assert not handler.can_delete_post(topic.first_post, conseiller)


def test_staff_moderates_everything(caf_forum, mutual_help_forum, staff_moderator):
    handler = ForumPermissionHandler()
    for forum in (caf_forum, mutual_help_forum):
        assert handler.can_lock_topics(forum, staff_moderator)
        assert handler.can_move_topics(forum, staff_moderator)


def test_a_referent_who_leaves_loses_moderation(caf_forum, referent):
    membership = referent.memberships.get()
    membership.is_active = False
    membership.save()
    assert not ForumPermissionHandler().can_lock_topics(caf_forum, referent)


def test_a_referent_who_changes_role_loses_moderation(caf_forum, referent):
    """Only a referent speaks for their partner: a new role, even saved alone, takes moderation away."""
    referent.role = Role.CONSEILLER
    referent.save(update_fields=["role"])
    assert not ForumPermissionHandler().can_lock_topics(caf_forum, referent)


def test_members_attach_files_and_polls_are_off_even_for_superusers(caf_forum, conseiller, animateur):
    handler = ForumPermissionHandler()
    assert handler.can_attach_files(caf_forum, conseiller)
    assert handler.can_download_files(caf_forum, conseiller)
    assert not handler.can_create_polls(caf_forum, animateur)


def test_anonymous_visitors_see_nothing(client, caf_forum, conseiller):
    topic = factories.TopicFactory(forum=caf_forum, poster=conseiller)
    for url in (
        reverse("forum:index"),
        reverse("forum:forum", args=[caf_forum.slug, caf_forum.pk]),
        topic_url(topic),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    assert not ForumPermissionHandler().can_read_forum(caf_forum, AnonymousUser())


def test_a_counsellor_asks_and_replies_through_the_pages(client, caf_forum, conseiller):
    client.force_login(conseiller)
    create_url = reverse("forum_conversation:topic_create", args=[caf_forum.slug, caf_forum.pk])
    page = client.get(create_url)
    assert "aucune donnée personnelle" in page.content.decode()

    response = client.post(
        create_url, {"subject": "Prime d'activité", "content": "Quel justificatif ?", **NO_ATTACHMENT}
    )
    assert response.status_code == 302
    topic = Topic.objects.get(subject="Prime d'activité")
    assert topic.poster == conseiller and topic.approved

    response = client.post(
        topic_url(topic, "forum_conversation:post_create"),
        {"subject": "Re", "content": "Merci", **NO_ATTACHMENT},
    )
    assert response.status_code == 302
    assert topic.posts.count() == 2


def test_a_counsellor_cannot_moderate_through_the_pages(client, caf_forum, conseiller):
    topic = factories.TopicFactory(forum=caf_forum, poster=factories.counsellor())
    client.force_login(conseiller)
    assert client.get(reverse("forum_moderation:topic_lock", args=[topic.slug, topic.pk])).status_code == 403
    post = topic.first_post
    update_url = topic_url(topic, "forum_conversation:post_update", pk=post.pk)
    assert client.get(update_url).status_code == 403


def test_a_referent_locks_a_topic_of_their_forum_only(client, caf_forum, referent, cpam_referent, conseiller):
    caf_topic = factories.TopicFactory(forum=caf_forum, poster=conseiller)
    cpam_topic = factories.TopicFactory(
        forum=cpam_referent.memberships.get().partner.forum_link.forum, poster=conseiller
    )
    client.force_login(referent)

    response = client.post(reverse("forum_moderation:topic_lock", args=[caf_topic.slug, caf_topic.pk]))
    assert response.status_code == 302
    caf_topic.refresh_from_db()
    assert caf_topic.is_locked
    assert (
        client.post(reverse("forum_moderation:topic_lock", args=[cpam_topic.slug, cpam_topic.pk])).status_code
        == 403
    )


def test_forum_pages_render_for_a_member(client, caf_forum, conseiller, referent):
    topic = factories.TopicFactory(forum=caf_forum, poster=conseiller)
    factories.PostFactory(topic=topic, poster=referent)
    client.force_login(referent)
    for url in (
        reverse("forum:index"),
        reverse("forum:forum", args=[caf_forum.slug, caf_forum.pk]),
        topic_url(topic),
        topic_url(topic, "forum_conversation:post_create"),
        reverse("forum_ext:preferences"),
    ):
        assert client.get(url).status_code == 200, url

"""The forums a person reads, kept across requests (forum.permissions.readable_forum_ids): a change of
rights shows at once in what the person finds, committed or not yet committed by the writer."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from machina.apps.forum.models import Forum
from machina.apps.forum_permission.models import ForumPermission, GroupForumPermission

from forum.structure import sync_forums
from tests import factories


def search(client, query):
    return client.get(reverse("search"), {"q": query, "source": "forum"}).content.decode()


@pytest.fixture
def question(caf_forum, conseiller):
    return factories.TopicFactory(
        forum=caf_forum, poster=conseiller, subject="Dossier Martin", content="Question logement"
    )


def machina_queries(client, query):
    with CaptureQueriesContext(connection) as queries:
        search(client, query)
    return [q["sql"] for q in queries if "forum_permission" in q["sql"]]


@pytest.fixture
def group(committed, conseiller, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        group = Group.objects.create(name="Conseillers à l'essai")
        conseiller.groups.add(group)
    return group


def read_right(forum, group, has_perm):
    return GroupForumPermission.objects.create(
        forum=forum,
        group=group,
        permission=ForumPermission.objects.get(codename="can_read_forum"),
        has_perm=has_perm,
    )


def test_a_revoked_or_restored_right_shows_at_once(
    client, caf_forum, conseiller, question, group, django_capture_on_commit_callbacks
):
    client.force_login(conseiller)
    assert machina_queries(client, "logement")
    assert not machina_queries(client, "logement")  # the rights come from the cache
    assert "Dossier Martin" in search(client, "logement")

    with django_capture_on_commit_callbacks(execute=True):
        denial = read_right(caf_forum, group, has_perm=False)
    assert "Dossier Martin" not in search(client, "logement")

    with django_capture_on_commit_callbacks(execute=True):
        denial.delete()
    assert "Dossier Martin" in search(client, "logement")


def test_a_granted_right_or_a_new_group_shows_at_once(
    client, caf_forum, conseiller, question, group, django_capture_on_commit_callbacks
):
    other = Group.objects.create(name="Référents à l'essai")
    with django_capture_on_commit_callbacks(execute=True):
        read_right(caf_forum, group, has_perm=False)
        read_right(caf_forum, other, has_perm=True)
    client.force_login(conseiller)
    assert "Dossier Martin" not in search(client, "logement")

    with django_capture_on_commit_callbacks(execute=True):
        conseiller.groups.remove(group)
        conseiller.groups.add(other)
    assert "Dossier Martin" in search(client, "logement")


def test_the_writer_sees_its_change_before_it_commits(client, caf_forum, conseiller, question, group):
    client.force_login(conseiller)
    assert "Dossier Martin" in search(client, "logement")
    read_right(caf_forum, group, has_perm=False)  # the test's transaction never commits
    assert "Dossier Martin" not in search(client, "logement")


def test_each_person_has_their_own_rights(
    client, caf_forum, conseiller, referent, question, group, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        read_right(caf_forum, group, has_perm=False)
    client.force_login(referent)
    assert "Dossier Martin" in search(client, "logement")
    client.force_login(conseiller)
    assert "Dossier Martin" not in search(client, "logement")


def test_a_new_forum_is_read_at_once_but_a_post_does_not_renew_the_rights(
    client, conseiller, committed, django_capture_on_commit_callbacks
):
    client.force_login(conseiller)
    search(client, "logement")
    with django_capture_on_commit_callbacks(execute=True):
        new_partner = factories.PartnerFactory(name="Caisse primaire", is_national=True)
        factories.TopicFactory(
            forum=new_partner.forum_link.forum, poster=conseiller, subject="Carte vitale", content="logement"
        )
    assert "Carte vitale" in search(client, "logement")
    with django_capture_on_commit_callbacks(execute=True):
        factories.PostFactory(topic=new_partner.forum_link.forum.topics.get(), poster=conseiller)
    assert not machina_queries(client, "logement")


def test_the_forums_resync_renews_everyones_rights(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        sync_forums()
    assert any(getattr(callback, "topic", None) == "forum-rights" for callback in callbacks)


def test_a_forum_moved_under_an_unreadable_category_is_hidden_at_once(
    client, caf_forum, conseiller, question, group, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        private = Forum.objects.create(name="Privé", type=Forum.FORUM_CAT)
        read_right(private, group, has_perm=False)
    client.force_login(conseiller)
    assert "Dossier Martin" in search(client, "logement")

    with django_capture_on_commit_callbacks(execute=True):
        caf_forum.parent = private
        caf_forum.save()
    assert "Dossier Martin" not in search(client, "logement")

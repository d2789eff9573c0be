"""Posts found by the site-wide search: only what the person may read."""

from django.urls import reverse
from machina.apps.forum_permission.models import ForumPermission, UserForumPermission

from tests import factories


def search(client, query):
    return client.get(reverse("search"), {"q": query, "source": "forum"}).content.decode()


def test_posts_are_found_accent_and_case_insensitively(client, caf_forum, conseiller, referent):
    topic = factories.TopicFactory(
        forum=caf_forum, poster=conseiller, subject="Prime d'activité", content="Quel justificatif demander ?"
    )
    factories.PostFactory(
        topic=topic, poster=referent, content="L'avis d'imposition suffit pour l'éligibilité."
    )
    client.force_login(conseiller)

    page = search(client, "ELIGIBILITE")
    assert "avis d&#x27;imposition suffit" in page
    assert "<mark>Prime</mark> d&#x27;<mark>activité</mark>" in search(client, "prime activite")


def test_an_edited_post_is_found_by_its_new_words(client, caf_forum, conseiller):
    topic = factories.TopicFactory(forum=caf_forum, poster=conseiller, content="Premier jet")
    post = topic.first_post
    post.content = "Texte corrigé : déménagement"
    post.save()
    client.force_login(conseiller)
    assert "Texte corrigé" in search(client, "demenagement")


def test_unapproved_posts_and_unreadable_forums_are_not_found(client, caf_forum, conseiller, referent):
    topic = factories.TopicFactory(forum=caf_forum, poster=conseiller, content="Question visible")
    hidden = factories.PostFactory(topic=topic, poster=referent, content="Réponse en attente de validation")
    hidden.__class__.objects.filter(pk=hidden.pk).update(approved=False)
    client.force_login(conseiller)
    assert "Réponse en attente" not in search(client, "validation")

    # Nobody reads a forum without the grant (here: every grant of the CAF forum denied to all members).
    UserForumPermission.objects.create(
        forum=caf_forum,
        permission=ForumPermission.objects.get(codename="can_read_forum"),
        authenticated_user=True,
        has_perm=False,
    )
    assert "Question visible" not in search(client, "visible")


def test_a_post_excerpt_is_plain_text_with_the_terms_marked(client, caf_forum, conseiller):
    factories.TopicFactory(
        forum=caf_forum,
        poster=conseiller,
        subject="Pièces",
        content="Il faut **le justificatif** :\n\n- un avis",
    )
    client.force_login(conseiller)
    page = search(client, "justificatif")
    assert "Il faut le <mark>justificatif</mark> : un avis" in page
    assert "**" not in page

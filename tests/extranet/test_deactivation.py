"""Deactivating an account ends the person's access at once, sessions included."""

from django.contrib.sessions.backends import cached_db
from django.test import Client
from django.urls import reverse

from tests import factories
from tests.factories import PASSWORD


def test_deactivation_in_the_admin_ends_the_open_session(client, animateur, conseiller):
    member = Client()
    member.post(reverse("account_login"), {"login": "conseiller@example.org", "password": PASSWORD})
    assert member.get(reverse("home")).status_code == 200

    client.force_login(animateur)
    response = client.post(
        reverse("admin:extranet_user_change", args=[conseiller.pk]),
        factories.user_admin_form_data(conseiller, is_active=""),
    )
    assert response.status_code == 302
    conseiller.refresh_from_db()
    assert not conseiller.is_active

    response = member.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_deactivated_person_cannot_log_in_again(client, conseiller):
    conseiller.is_active = False
    conseiller.save()

    client.post(reverse("account_login"), {"login": "conseiller@example.org", "password": PASSWORD})

    assert client.get(reverse("home")).status_code == 302


def test_saving_an_active_user_keeps_their_session(client, conseiller):
    client.post(reverse("account_login"), {"login": "conseiller@example.org", "password": PASSWORD})

    conseiller.job_title = "Conseillère référente"
    conseiller.save()

    assert client.get(reverse("home")).status_code == 200


def test_deactivation_ends_the_session_also_where_sessions_are_read_from_the_cache(conseiller, settings):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"  # as with REDIS_URL
    member = Client()
    member.post(reverse("account_login"), {"login": "conseiller@example.org", "password": PASSWORD})
    assert member.get(reverse("home")).status_code == 200
    session_key = member.cookies["sessionid"].value
    assert cached_db.SessionStore(session_key).load()

    conseiller.is_active = False
    conseiller.save()

    assert cached_db.SessionStore(session_key).load() == {}  # gone from the cache and the database
    assert member.get(reverse("home")).status_code == 302

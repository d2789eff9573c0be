"""Two application servers, as two hosts behind a load balancer, share one PostgreSQL and one Redis.

Each server is a gunicorn process of its own with the production settings; the load balancer may send
a person's next request to either. What one server learns (a session, a failed login, a change that
makes a cached feed stale, an uploaded file) must hold on the other. PostgreSQL only: the SQLite test
database lives in the memory of the test process, where no server can reach it.
"""

import os
import re

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.urls import reverse

from calendrier.models import CalendarToken
from fichiers.models import FileVersion
from tests.factories import PASSWORD, PDF_BYTES, EventFactory, UserFactory, counsellor
from tests.servers import Gunicorn, Visitor, manage, production_env

REDIS_URL = "redis://127.0.0.1:6379/14"


def _redis():
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.ConnectionError:
        if os.environ.get("CI"):
            pytest.fail("Redis does not answer on 127.0.0.1:6379 (CI is set).")
        pytest.skip("Redis does not answer on 127.0.0.1:6379")
    return client


@pytest.fixture(scope="module")
def servers(django_db_setup, tmp_path_factory):
    if connection.vendor != "postgresql":
        pytest.skip("two servers need a database both can reach: PostgreSQL")
    _redis()
    database = connection.settings_dict
    folder = tmp_path_factory.mktemp("two-servers")
    env = production_env(
        folder,
        DATABASE_URL=f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        REDIS_URL=REDIS_URL,
    )
    manage(env, "collectstatic", "--no-input")
    with Gunicorn(env, folder / "a.log") as a, Gunicorn(env, folder / "b.log") as b:
        yield a, b


def with_production_password(user):
    """The test settings hash passwords with MD5 for speed; the servers know only the real hashers."""
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(PASSWORD, hasher.salt(), iterations=1_000)
    user.save(update_fields=["password"])
    return user


@pytest.fixture
def redis_cache(servers):
    client = _redis()
    client.flushdb()
    yield client
    client.flushdb()


@pytest.fixture
def a(servers, transactional_db, redis_cache):
    return servers[0]


@pytest.fixture
def b(servers, transactional_db, redis_cache):
    return servers[1]


def test_a_person_logged_in_on_one_server_carries_on_on_the_other(a, b):
    person = with_production_password(counsellor(first_name="Amélie"))
    browser = Visitor()

    assert browser.log_in(a.url, person.email, PASSWORD).status == 302, a.log_tail()
    home = browser.get(b.url, "/")

    assert home.status == 200, b.log_tail()
    assert "Bonjour Amélie" in home.text


def test_the_login_rate_limit_counts_failures_made_on_both_servers(a, b):
    person = with_production_password(counsellor())
    for server in (a, b, a, b, a):
        refused = Visitor().log_in(server.url, person.email, "Pas-le-bon-mot-de-passe-82")
        assert refused.status == 200

    # Five failures on the account within 15 minutes, spread over both servers: locked on both.
    for server in (a, b):
        locked_out = Visitor().log_in(server.url, person.email, PASSWORD)
        assert locked_out.status != 302
        assert "Trop de tentatives" in locked_out.text


def test_a_feed_cached_by_one_server_shows_a_cancellation_made_on_the_other(a, b, redis_cache):
    cci = with_production_password(UserFactory(staff=True))
    event = EventFactory(organiser=cci, title="Formation CAF des nouveaux agents")
    subscriber = counsellor()
    feed = CalendarToken.objects.create(user=subscriber).get_absolute_url()

    before = Visitor().get(b.url, feed)
    assert before.status == 200, b.log_tail()
    assert "STATUS:CONFIRMED" in before.text
    assert redis_cache.keys("*calendrier:feed:*"), "the feed is not cached in the shared cache"

    organiser = Visitor()
    organiser.log_in(a.url, cci.email, PASSWORD)
    detail = event.get_absolute_url()
    cancel = reverse("calendrier:event_cancel", kwargs={"pk": event.pk})
    cancelled = organiser.post(a.url, cancel, {}, form_page=detail)
    assert cancelled.status == 302, a.log_tail()

    after = Visitor().get(b.url, feed)
    assert "STATUS:CANCELLED" in after.text
    assert "ANNULÉ" in after.text


def test_a_file_uploaded_on_one_server_downloads_from_the_other(a, b):
    person = with_production_password(counsellor())
    browser = Visitor()
    browser.log_in(a.url, person.email, PASSWORD)
    content = PDF_BYTES + b"% compte rendu du comite de pilotage\n"

    uploaded = browser.post(
        a.url,
        reverse("fichiers:document_create"),
        {"title": "Compte rendu du comité", "category": "compte_rendu", "year": "2026"},
        files={"file": ("compte-rendu.pdf", content, "application/pdf")},
    )
    assert uploaded.status == 302, re.sub(r"\s+", " ", uploaded.text)[-2000:]

    version = FileVersion.objects.get(document__title="Compte rendu du comité")
    download = browser.get(b.url, reverse("fichiers:download", kwargs={"pk": version.pk}))

    assert download.status == 200, b.log_tail()
    assert download.body == content

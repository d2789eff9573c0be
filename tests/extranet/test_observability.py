"""Seeing what happens in production: error reports, the request log, slow requests, /healthz."""

import json
import logging
from unittest import mock
from wsgiref.util import setup_testing_defaults

import pytest
import sentry_sdk
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import OperationalError, close_old_connections
from django.urls import path, reverse
from sentry_sdk.transport import Transport

from extranet.observability import init_sentry
from extranet.urls import urlpatterns as project_urlpatterns
from tests.fresh_python import run_python


def broken(request):
    raise RuntimeError("la vue a planté")


# The project's URLs plus a view that fails, for the error report tests.
urlpatterns = [path("en-panne/", broken, name="broken"), *project_urlpatterns]

FAKE_DSN = "https://0123456789abcdef@sentry.example.invalid/42"


class CapturingTransport(Transport):
    """Keeps the events instead of sending them: no network in tests."""

    def __init__(self, options=None):
        super().__init__(options)
        self.events = []

    def capture_envelope(self, envelope):
        event = envelope.get_event()
        if event is not None:
            self.events.append(event)


@pytest.fixture
def sentry_events():
    transport = CapturingTransport()
    init_sentry(FAKE_DSN, environment="recette", release="extranet@1.2.3", transport=transport)
    yield transport.events
    # Back to no client at all, as when SENTRY_DSN is unset.
    sentry_sdk.get_client().close()
    sentry_sdk.init()


# --- Error reports ------------------------------------------------------------------------------


def wsgi_get(path: str, query: str = "", **headers) -> str:
    """A GET through the real WSGI entry point (the one Sentry hooks into), as gunicorn calls it."""
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query, "HTTP_HOST": "testserver"}
    environ |= headers
    setup_testing_defaults(environ)
    statuses = []
    # As the test client does: the test's transaction must survive the request's end.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        WSGIHandler()(environ, lambda status, response_headers: statuses.append(status))
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return statuses[0]


@pytest.mark.urls("tests.extranet.test_observability")
def test_an_error_is_reported_without_personal_data(client, conseiller, sentry_events):
    client.force_login(conseiller)
    session = client.cookies["sessionid"].value

    status = wsgi_get(
        "/en-panne/",
        "q=Martine+Dupont",
        HTTP_COOKIE=f"sessionid={session}; csrftoken=jeton-csrf",
        HTTP_X_FORWARDED_FOR="203.0.113.7",
        REMOTE_ADDR="198.51.100.9",
    )
    sentry_sdk.flush()

    assert status.startswith("500")
    [event] = sentry_events
    assert event["exception"]["values"][-1]["value"] == "la vue a planté"
    assert event["environment"] == "recette"
    assert event["release"] == "extranet@1.2.3"
    assert event["request"]["url"] == "http://testserver/en-panne/"
    assert event["request"]["method"] == "GET"
    assert "user" not in event  # not even the id: the SDK sends no user without send_default_pii
    sent = json.dumps(event, default=str)
    personal = ["conseiller@example.org", "Dupont", "203.0.113.7", "198.51.100.9", session, "jeton-csrf"]
    for value in personal:
        assert value not in sent, value


def test_sentry_is_started_only_when_a_dsn_is_set():
    code = (
        "import django, sentry_sdk; django.setup(); client = sentry_sdk.get_client(); "
        "print(client.is_active(), client.should_send_default_pii(), client.options['environment'], "
        "client.options['release'])"
    )
    unset = run_python(code, DJANGO_SETTINGS_MODULE="extranet.settings_test")
    assert unset.returncode == 0, unset.stderr[-2000:]
    assert unset.stdout.split()[0] == "False"

    set_ = run_python(
        code,
        DJANGO_SETTINGS_MODULE="extranet.settings_test",
        SENTRY_DSN=FAKE_DSN,
        SENTRY_ENVIRONMENT="preproduction",
        SENTRY_RELEASE="abc123",
    )
    assert set_.returncode == 0, set_.stderr[-2000:]
    assert set_.stdout.split() == ["True", "False", "preproduction", "abc123"]


# --- One line per request -----------------------------------------------------------------------


def request_lines(caplog):
    return [record for record in caplog.records if record.name == "extranet.requests"]


def test_each_request_is_one_line_with_method_path_status_and_duration(client, conseiller, caplog):
    client.force_login(conseiller)
    caplog.set_level(logging.INFO, logger="extranet.requests")

    client.get(reverse("annuaire:structure_list"), {"q": "Martine Dupont"})

    [line] = request_lines(caplog)
    assert line.levelno == logging.INFO
    url = reverse("annuaire:structure_list")
    assert (line.method, line.path, line.status, line.view) == ("GET", url, 200, "annuaire:structure_list")
    assert isinstance(line.duration_ms, int) and line.duration_ms >= 0
    message = line.getMessage()
    assert message.startswith(f"GET {url} 200 ")
    assert f"user={conseiller.pk}" in message
    assert "Dupont" not in message and "q=" not in message
    assert "conseiller@example.org" not in message


def test_secret_parts_of_an_address_are_masked(client, db, caplog):
    caplog.set_level(logging.INFO, logger="extranet.requests")
    token = "s3cr3t-calendar-token"

    client.get(reverse("calendrier:feed", kwargs={"pk": 1, "token": token}))

    [line] = request_lines(caplog)
    assert token not in line.getMessage()
    assert line.path == "/calendrier/abonnement/1/***/calendrier.ics"


@pytest.mark.urls("tests.extranet.test_observability")
def test_an_error_is_logged_with_its_500(client, conseiller, caplog):
    client.force_login(conseiller)
    client.raise_request_exception = False
    caplog.set_level(logging.INFO, logger="extranet.requests")

    client.get("/en-panne/")

    [line] = request_lines(caplog)
    assert (line.status, line.view) == (500, "broken")


def test_a_request_whose_database_failed_still_has_its_line(client, conseiller, caplog):
    """The fault drill (`make faults`) cuts the database connections: a request that could not even
    read its session was answered 500 without its line, the only trace of it in the request log."""
    client.force_login(conseiller)
    client.raise_request_exception = False
    caplog.set_level(logging.INFO, logger="extranet.requests")
    cut = OperationalError("terminating connection due to administrator command")
    with mock.patch("django.contrib.sessions.backends.db.SessionStore.load", side_effect=cut):
        response = client.get(reverse("annuaire:partner_list"))

    assert response.status_code == 500
    [line] = request_lines(caplog)
    assert line.status == 500
    assert line.getMessage().startswith(f"GET {reverse('annuaire:partner_list')} 500 ")
    assert "user=?" in line.getMessage()


def test_a_slow_request_is_a_warning_with_its_view_name(client, conseiller, caplog, settings):
    settings.EXTRANET_SLOW_REQUEST_MS = 1000
    client.force_login(conseiller)
    caplog.set_level(logging.INFO, logger="extranet.requests")
    # 1.5 s between the start and the end of the request, whatever the machine.
    clock = iter([100.0, 101.5])
    with mock.patch("extranet.observability.time.perf_counter", lambda: next(clock)):
        client.get(reverse("annuaire:partner_list"))

    [line] = request_lines(caplog)
    assert line.levelno == logging.WARNING
    assert line.duration_ms == 1500
    assert "view=annuaire:partner_list" in line.getMessage()
    assert line.getMessage().endswith("SLOW")


def test_the_health_probe_is_not_logged(client, db, caplog, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    caplog.set_level(logging.INFO, logger="extranet.requests")
    client.get("/healthz")
    assert request_lines(caplog) == []


# --- /healthz -------------------------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_healthz_checks_database_cache_and_storage(client, db, media):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "storage": "ok"},
    }
    assert list(media.iterdir()) == []  # the probe file is gone


def test_healthz_names_a_failing_cache(client, db, media):
    with mock.patch("extranet.views.cache.set", side_effect=ConnectionError("redis injoignable")):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "failing": ["cache"],
        "checks": {"database": "ok", "cache": "unavailable", "storage": "ok"},
    }


def test_healthz_names_a_cache_that_forgets(client, db, media):
    with mock.patch("extranet.views.cache.get", return_value=None):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["failing"] == ["cache"]


def test_healthz_names_failing_storage_without_a_traceback(client, db, media, caplog):
    with mock.patch(
        "extranet.views.default_storage.save", side_effect=PermissionError("disque en lecture seule")
    ):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["failing"] == ["storage"]
    content = response.content.decode()
    assert "Traceback" not in content and "lecture seule" not in content
    assert any(
        "storage" in record.getMessage() for record in caplog.records if record.levelno == logging.WARNING
    )

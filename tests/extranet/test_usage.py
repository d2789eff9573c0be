"""Usage counts for the yearly report: logins, pages viewed, downloads, one row per person and day."""

import logging
from unittest import mock
from wsgiref.util import setup_testing_defaults

from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import OperationalError, close_old_connections
from django.urls import reverse
from django.utils import timezone

from extranet.models import DailyUsage
from tests.factories import PASSWORD


def usage(user) -> DailyUsage:
    return DailyUsage.objects.get(user=user, day=timezone.localdate())


def test_a_login_is_counted(client, conseiller):
    client.post(reverse("account_login"), {"login": "conseiller@example.org", "password": PASSWORD})

    assert usage(conseiller).logins == 1


def test_a_failed_login_is_not_counted(client, conseiller):
    client.post(reverse("account_login"), {"login": "conseiller@example.org", "password": "Pas-le-bon-82!"})

    assert not DailyUsage.objects.filter(user=conseiller).exists()


def test_each_page_view_is_counted_in_one_row_per_day(client, conseiller):
    client.post(reverse("account_login"), {"login": "conseiller@example.org", "password": PASSWORD})
    page_views = usage(conseiller).page_views

    client.get(reverse("home"))
    client.get(reverse("legal:mentions_legales"))
    client.post(reverse("account_logout"))
    client.post(reverse("account_login"), {"login": "conseiller@example.org", "password": PASSWORD})
    client.get(reverse("home"))

    row = usage(conseiller)
    assert row.page_views == page_views + 3
    assert row.logins == 2
    assert DailyUsage.objects.filter(user=conseiller).count() == 1


def test_anonymous_views_and_healthz_are_not_counted(client, conseiller):
    client.get(reverse("account_login"))
    client.get(reverse("legal:accessibilite"))
    assert not DailyUsage.objects.exists()

    client.force_login(conseiller)
    before = usage(conseiller).page_views
    client.get(reverse("healthz"))
    client.get(reverse("home"), HTTP_ACCEPT="text/html")

    assert usage(conseiller).page_views == before + 1


def test_errors_and_redirects_are_not_counted(client, conseiller):
    client.force_login(conseiller)
    before = usage(conseiller).page_views

    client.get("/cette-page-n-existe-pas/")
    client.get(reverse("admin:index"))  # a redirect for a non-staff member

    assert usage(conseiller).page_views == before


def test_record_adds_to_an_existing_row(conseiller):
    DailyUsage.record(conseiller, page_views=2)
    DailyUsage.record(conseiller, logins=1, page_views=1)

    row = usage(conseiller)
    assert (row.logins, row.page_views) == (1, 3)


def test_record_counts_downloads_beside_the_pages(conseiller):
    DailyUsage.record(conseiller, downloads=1)
    DailyUsage.record(conseiller, page_views=1, downloads=1)

    row = usage(conseiller)
    assert (row.logins, row.page_views, row.downloads) == (0, 1, 2)


def test_a_page_view_is_counted_once_the_page_has_left(client, conseiller):
    """The counter's UPDATE and commit do not delay the page: the WSGI server sends the whole page,
    then closes the response, and the view is counted then."""
    client.force_login(conseiller)
    before = usage(conseiller).page_views
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": reverse("home"), "HTTP_HOST": "testserver"}
    environ["HTTP_COOKIE"] = f"sessionid={client.cookies['sessionid'].value}"
    setup_testing_defaults(environ)
    # As the test client does: the test's transaction must survive the request's end.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        response = WSGIHandler()(environ, lambda status, headers: None)
        page = b"".join(response)
        assert b"</html>" in page
        assert usage(conseiller).page_views == before  # the whole page is out, not counted yet
        response.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)

    assert usage(conseiller).page_views == before + 1


def test_a_count_the_database_refuses_is_logged_and_the_page_shown(client, conseiller, caplog):
    client.force_login(conseiller)
    caplog.set_level(logging.ERROR, logger="extranet.middleware")
    with mock.patch.object(DailyUsage, "record", side_effect=OperationalError("base injoignable")):
        response = client.get(reverse("home"))

    assert response.status_code == 200
    assert f"Page view not counted (user {conseiller.pk})." in caplog.text

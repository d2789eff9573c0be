"""Usage counts for the yearly report: logins, pages viewed, downloads, one row per person and day."""

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

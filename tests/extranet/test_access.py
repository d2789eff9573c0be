"""Login is required everywhere but on a short, explicit list of public pages."""

import pytest
from django.urls import reverse

from tests.url_walk import DUMMY_KWARGS, named_patterns

# Every page an anonymous visitor may see. Anything else must send them to the login page.
PUBLIC_URL_NAMES = {
    "healthz",
    "legal:mentions_legales",
    "legal:donnees_personnelles",
    "legal:accessibilite",
    "account_login",
    # Where allauth sends an inactive account after a correct password (part of the login).
    "account_inactive",
    # allauth's "sign-up closed" page: it only says that nobody can sign up (see test_login.py).
    "account_signup",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
    # allauth's e-mail confirmation pages: a notice, and a key check that does nothing without a
    # valid key. They are reached from an e-mail, before any session exists.
    "account_email_verification_sent",
    "account_confirm_email",
    # The calendar subscription feed: calendar applications cannot log in, its secret token stands
    # for the login (tested in tests/calendrier).
    "calendrier:feed",
    # The itinerant cell's schedule, once the CCI publishes it in the admin (404 until then): dates,
    # times, places and statuses only, for the public and for town halls' websites (tests/itinerance).
    "itinerance:public_index",
    "itinerance:public_commune",
    "itinerance:public_site",
    "itinerance:public_feed",
}


def all_urls():
    for name, pattern in named_patterns():
        kwargs = {key: DUMMY_KWARGS.get(key, "1") for key in pattern.pattern.regex.groupindex}
        yield name, reverse(name, kwargs=kwargs)


ALL_URLS = sorted(set(all_urls()))
PROTECTED_URLS = [(name, url) for name, url in ALL_URLS if name not in PUBLIC_URL_NAMES]


def test_the_public_list_names_existing_urls():
    assert {name for name, _url in ALL_URLS} >= PUBLIC_URL_NAMES


def test_the_url_walk_finds_the_pages_of_every_app():
    names = {name for name, _url in PROTECTED_URLS}
    assert {"home", "admin:index", "annuaire:structure_list", "account_change_password"} <= names


@pytest.mark.parametrize(("name", "url"), PROTECTED_URLS, ids=[name for name, _url in PROTECTED_URLS])
def test_anonymous_visitor_is_sent_to_the_login_page(client, db, name, url):
    response = client.get(url, follow=True)

    assert response.redirect_chain, f"{name} ({url}) answered {response.status_code} to an anonymous visitor"
    assert response.request["PATH_INFO"] == reverse("account_login")
    assert response.status_code == 200


@pytest.mark.parametrize("name", sorted(PUBLIC_URL_NAMES))
def test_public_pages_do_not_send_anonymous_visitors_to_login(client, db, name):
    url = dict(ALL_URLS)[name]

    response = client.get(url)

    # With dummy parameters the feed's token does not exist, and the cell's schedule is not published:
    # not found, but never a login redirect.
    assert response.status_code == (
        404 if name == "calendrier:feed" or name.startswith("itinerance:") else 200
    )


def test_static_files_are_public(client, db):
    # HEAD: whitenoise then opens no file that the test would have to close (warnings are errors).
    response = client.head("/static/css/extranet.css")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")

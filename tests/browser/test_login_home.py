"""A counsellor logs in through the real login page; axe finds no accessibility violation."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.pages import assert_no_axe_violation, login

pytestmark = pytest.mark.browser


def test_counsellor_logs_in_and_sees_their_home_page(browser_page, live_server, conseiller):
    page = login(browser_page, live_server, conseiller)

    assert page.get_by_role("heading", level=1).inner_text() == f"Bonjour {conseiller.first_name}"
    panel = page.get_by_role("region", name="Mon rattachement")
    expect(panel.get_by_role("link", name="MSAP La Poste de Molières")).to_be_visible()
    page.screenshot(path="/tmp/fs82a-home.png", full_page=True)


def test_wrong_password_shows_a_french_error(browser_page, live_server, conseiller):
    page = browser_page
    page.goto(f"{live_server.url}{reverse('account_login')}")
    page.get_by_label("Courriel").fill(conseiller.email)
    page.get_by_label("Mot de passe").fill("Pas-le-bon-mot-de-passe-82")
    page.get_by_role("button", name="Se connecter").click()

    expect(page.get_by_text("L’adresse e-mail ou le mot de passe sont incorrects.")).to_be_visible()
    assert page.url.startswith(f"{live_server.url}{reverse('account_login')}")


def test_login_page_has_no_accessibility_violation(browser_page, live_server, db):
    page = browser_page
    page.goto(f"{live_server.url}{reverse('account_login')}")
    page.screenshot(path="/tmp/fs82a-login.png", full_page=True)

    assert_no_axe_violation(page)


def test_home_page_has_no_accessibility_violation(browser_page, live_server, conseiller):
    page = login(browser_page, live_server, conseiller)

    assert_no_axe_violation(page)


def test_skip_link_is_the_first_stop_and_reaches_the_content(browser_page, live_server, db):
    page = browser_page
    page.goto(f"{live_server.url}{reverse('account_login')}")

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Aller au contenu")
    assert skip_link.evaluate("element => element === document.activeElement")
    page.keyboard.press("Enter")

    assert page.url.endswith("#contenu")

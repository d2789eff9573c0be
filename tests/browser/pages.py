"""Helpers for the browser tests: log in through the real form (staff with their TOTP code), check a
page with axe."""

import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from tests.factories import PASSWORD


def login(page, live_server, user, password: str = PASSWORD):
    """Log `user` in through the real login form and wait for the home page."""
    page.goto(f"{live_server.url}{reverse('account_login')}")
    page.get_by_label("Courriel").fill(user.email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"{live_server.url}{reverse('home')}")
    return page


def assert_no_axe_violation(page):
    """Run axe on the current page and fail with a readable list of what it finds."""
    violations = Axe().run(page).response["violations"]
    assert not violations, "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {[node['target'] for node in v['nodes']]}"
        for v in violations
    )


TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # the `animateur` persona's secret


def staff_login(page, live_server, user):
    """The real login form, then the TOTP code the staff persona's authenticator app shows."""
    page.goto(f"{live_server.url}{reverse('account_login')}")
    page.get_by_label("Courriel").fill(user.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"{live_server.url}{reverse('mfa_authenticate')}")
    page.locator('input[name="code"]').fill(
        format_hotp_value(hotp_value(TOTP_SECRET, int(time.time()) // 30))
    )
    page.locator('input[name="code"]').press("Enter")
    page.wait_for_url(f"{live_server.url}{reverse('home')}")

"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Reusable by every app's browser tests: the `browser_page` fixture (a fresh page in a fresh context),
the `login(page, live_server, user)` helper, which goes through the real login form, and
`assert_no_axe_violation(page)`.
The whole folder is skipped when Chromium is missing (Playwright cannot download its own browser here).
"""

import os
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is missing: browser tests skipped", allow_module_level=True)

# Playwright's sync API runs an event loop in the test thread; Django refuses database calls from a
# thread with a running loop unless told that this is safe (it is: the loop only talks to Chromium).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from axe_playwright_python.sync_playwright import Axe  # noqa: E402  (after the skip)
from playwright.sync_api import sync_playwright  # noqa: E402  (after the skip: Chromium may be absent)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium, live_server):
    """A page in a fresh context (no cookies), in French, with a timeout that fails fast."""
    context = chromium.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


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

"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Reusable by every app's browser tests: the `browser_page` fixture (a fresh page in a fresh context);
the helpers `login` and `assert_no_axe_violation` are in `tests.browser.pages`.
The whole folder is skipped when Chromium is missing (Playwright cannot download its own browser here).
"""

import os
from pathlib import Path

import pytest
from django.core.cache import cache

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
def browser_page(chromium, live_server, transactional_db):
    """A page in a fresh context (no cookies), in French, with a timeout that fails fast."""
    # The login rate limits count in the database cache, whose table the live-server tests do not
    # empty: without this, the logins of earlier tests lock the next ones out within the same minute.
    cache.clear()
    context = chromium.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()

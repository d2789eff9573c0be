"""« Mon compte » in a real browser: axe finds no violation, at desktop and phone widths, and the
e-mail choices are saved by keyboard alone."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from calendrier.models import ReminderPreference
from tests.browser.pages import assert_no_axe_violation, login

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 320])
def test_my_account_page_has_no_accessibility_violation(browser_page, live_server, referent, width):
    page = login(browser_page, live_server, referent)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}{reverse('account')}")

    assert page.get_by_role("heading", level=1).inner_text() == "Mon compte"
    assert_no_axe_violation(page)


def test_email_choices_are_saved_from_the_keyboard(browser_page, live_server, conseiller):
    page = login(browser_page, live_server, conseiller)
    page.goto(f"{live_server.url}{reverse('account')}")

    page.get_by_label("Rappels des événements auxquels je suis inscrit").press("Space")
    page.get_by_role("button", name="Enregistrer mes choix d'e-mails").press("Enter")

    expect(page.get_by_text("Vos choix d'e-mails sont enregistrés.")).to_be_visible()
    assert ReminderPreference.objects.get(user=conseiller).reminders is False

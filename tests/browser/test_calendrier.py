"""A counsellor registers for a training, downloads its .ics and finds it in their upcoming list; axe
finds no violation on the list, month and event pages."""

import datetime as dt
from pathlib import Path

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from calendrier.enums import EventKind
from calendrier.models import Event
from tests import factories
from tests.browser.pages import assert_no_axe_violation, login

pytestmark = pytest.mark.browser


@pytest.fixture
def training(db, structure):
    day = timezone.localdate() + dt.timedelta(days=12)
    return Event.objects.create(
        kind=EventKind.TRAINING,
        title="Formation initiale des conseillers",
        description="Deux journées pour **bien démarrer**.",
        start_date=day,
        start_time=dt.time(9),
        end_date=day,
        end_time=dt.time(17),
        structure=structure,
        capacity=12,
        organiser=factories.UserFactory(staff=True),
    )


def test_counsellor_registers_downloads_the_ics_and_sees_it_in_their_list(
    browser_page, live_server, conseiller, training, tmp_path
):
    page = login(browser_page, live_server, conseiller)
    page.goto(f"{live_server.url}{training.get_absolute_url()}")
    page.get_by_role("button", name="M'inscrire").click()
    expect(page.get_by_text("Vous êtes inscrit(e).").first).to_be_visible()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Ajouter à mon agenda (fichier .ics)").click()
    path = Path(tmp_path / "evenement.ics")
    download_info.value.save_as(path)
    (component,) = icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    assert str(component["summary"]) == training.title

    page.goto(f"{live_server.url}{reverse('calendrier:event_list')}")
    page.get_by_label("Seulement mes inscriptions").check()
    page.get_by_role("button", name="Filtrer").click()
    item = page.get_by_role("listitem").filter(has_text=training.title)
    expect(item.get_by_text("Vous êtes inscrit(e)")).to_be_visible()


@pytest.mark.parametrize("page_name", ["list", "month", "event"])
def test_calendar_pages_have_no_accessibility_violation(
    browser_page, live_server, conseiller, training, page_name
):
    urls = {
        "list": reverse("calendrier:event_list"),
        "month": reverse("calendrier:month", args=[training.start_date.year, training.start_date.month]),
        "event": training.get_absolute_url(),
    }
    page = login(browser_page, live_server, conseiller)
    page.goto(f"{live_server.url}{urls[page_name]}")
    assert_no_axe_violation(page)

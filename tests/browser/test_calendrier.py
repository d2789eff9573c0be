"""A counsellor registers for a training, downloads its .ics and finds it in their upcoming list; axe
finds no violation on the list, month, day and event pages; a busy day's « + N autres » leads to it."""

import datetime as dt
import re
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


@pytest.mark.parametrize("page_name", ["list", "month", "day", "event"])
def test_calendar_pages_have_no_accessibility_violation(
    browser_page, live_server, conseiller, training, page_name
):
    urls = {
        "list": reverse("calendrier:event_list"),
        "month": reverse("calendrier:month", args=[training.start_date.year, training.start_date.month]),
        "day": reverse("calendrier:day", args=[training.start_date]),
        "event": training.get_absolute_url(),
    }
    page = login(browser_page, live_server, conseiller)
    page.goto(f"{live_server.url}{urls[page_name]}")
    assert_no_axe_violation(page)


def test_a_busy_days_link_leads_to_the_day_listing_everything(
    browser_page, live_server, conseiller, training
):
    day = training.start_date
    for n in range(4):  # at 9 h like the training, created after it: shown after it
        factories.EventFactory(title=f"Atelier numérique {n}", start_date=day)
    page = login(browser_page, live_server, conseiller)
    page.goto(f"{live_server.url}{reverse('calendrier:month', args=[day.year, day.month])}")
    expect(page.get_by_role("link", name=re.compile(r"Atelier numérique"))).to_have_count(2)
    page.get_by_role("link", name=re.compile(r"^\+\s2\sautres le ")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Calendrier du réseau")
    expect(page.get_by_role("link", name=re.compile(r"Atelier numérique"))).to_have_count(4)
    expect(page.get_by_role("link", name=training.title)).to_be_visible()

"""The month view shows a few entries a day and « + N autres » leading to the day's page, which lists
everything of that day: the month page keeps its size and its queries whatever the number of events."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from annuaire.enums import Weekday
from calendrier.enums import Audience
from calendrier.models import Event
from calendrier.month import SHOWN_PER_DAY
from extranet.typography import NBSP
from tests import factories

pytestmark = pytest.mark.django_db

DAY = dt.date(2030, 4, 17)  # a Wednesday; April 2030 starts on a Monday and ends on a Tuesday


def add_events(count: int, day: dt.date = DAY, prefix: str = "Atelier", end_date=None, **fields) -> None:
    """`count` events on `day` (until `end_date`), starting from 8 h to 17 h, numbered from 000."""
    organiser = factories.UserFactory(staff=True)
    Event.objects.bulk_create(
        Event(
            title=f"{prefix} {n:03d}",
            start_date=day,
            end_date=end_date or day,
            start_time=dt.time(8 + n % 10),
            end_time=dt.time(19),
            organiser=organiser,
            **fields,
        )
        for n in range(count)
    )


def month_page(client, day: dt.date = DAY) -> str:
    return client.get(reverse("calendrier:month", args=[day.year, day.month])).content.decode()


def day_page(client, day: dt.date = DAY):
    return client.get(reverse("calendrier:day", args=[day]))


def day_cell(page: str, name: str = "Mercredi 17") -> str:
    """A day's cell of the grid, found by the name it gives the day on a phone (« Mercredi 17 avril »)."""
    found = page.index(f">{name}{NBSP}")
    return page[page.rindex("<td", 0, found) : page.index("</td>", found)]


def shown_titles(page: str, prefix: str = "Atelier") -> list[str]:
    return re.findall(rf">({prefix} \d+)</a>", page)


def test_a_day_of_200_events_shows_a_few_and_links_to_the_day_listing_them_all(client, conseiller):
    add_events(200)
    client.force_login(conseiller)

    page = month_page(client)

    assert len(shown_titles(page)) == SHOWN_PER_DAY == 3
    # The earliest of the day first (8 h: the events numbered 0, 10, 20…).
    assert shown_titles(page) == ["Atelier 000", "Atelier 010", "Atelier 020"]
    day_url = reverse("calendrier:day", args=[DAY])
    assert day_url == "/calendrier/jour/2030-04-17/"
    link = re.search(rf'<a [^>]*href="{day_url}">(.*?)</a>', page).group(1)
    assert link.startswith(f"+&nbsp;197{NBSP}autres")
    assert "le mercredi 17" in link  # its name says which day, for a screen reader's list of links

    listing = day_page(client).content.decode()
    assert len(shown_titles(listing)) == 200
    assert "200\xa0événements" in listing


def test_the_link_says_autre_in_the_singular_for_one_more(client, conseiller):
    add_events(SHOWN_PER_DAY + 1)
    client.force_login(conseiller)
    assert f"+&nbsp;1{NBSP}autre<" in month_page(client)


def test_a_day_with_few_entries_has_no_link(client, conseiller):
    add_events(SHOWN_PER_DAY)
    client.force_login(conseiller)
    page = month_page(client)
    assert len(shown_titles(page)) == SHOWN_PER_DAY
    assert reverse("calendrier:day", args=[DAY]) not in page


def test_events_come_first_then_permanences_and_the_rest_is_counted(client, conseiller, structure, partner):
    add_events(2)
    factories.PermanenceFactory(
        partner=partner,
        structure=structure,
        weekday=Weekday.WEDNESDAY,
        starts_at=dt.time(7),
        ends_at=dt.time(8),
    )
    factories.PermanenceFactory(
        partner=factories.PartnerFactory(name="Assurance retraite", acronym=""),
        structure=structure,
        weekday=Weekday.WEDNESDAY,
        starts_at=dt.time(14),
        ends_at=dt.time(16),
    )
    client.force_login(conseiller)

    page = month_page(client)

    cell = day_cell(page)
    # The permanence at 7 h comes after the events all the same; the one at 14 h is counted.
    assert shown_titles(cell) == ["Atelier 000", "Atelier 001"] and cell.count(">Permanence</span>") == 1
    assert cell.index("Atelier 001") < cell.index(">Permanence</span>") and "Assurance retraite" not in cell
    assert f"+&nbsp;1{NBSP}autre<" in cell
    listing = day_page(client).content.decode()
    assert listing.count(">Permanence</span>") == 2 and "Assurance retraite" in listing


def test_an_event_over_several_days_is_on_each_day_before_that_days_own(client, conseiller):
    add_events(1, day=DAY - dt.timedelta(days=1), prefix="Séminaire", end_date=DAY + dt.timedelta(days=1))
    add_events(SHOWN_PER_DAY)
    client.force_login(conseiller)

    page = month_page(client)

    assert len(shown_titles(page, "Séminaire")) == 3  # Tuesday, Wednesday, Thursday
    assert shown_titles(page) == ["Atelier 000", "Atelier 001"]  # beside it on Wednesday
    assert f"+&nbsp;1{NBSP}autre<" in page
    for day in (DAY - dt.timedelta(days=1), DAY, DAY + dt.timedelta(days=1)):
        assert "Séminaire 000" in day_page(client, day).content.decode()


def test_the_month_page_keeps_its_size_and_its_queries_however_many_events(
    client, conseiller, queries_stay_flat
):
    month_url = reverse("calendrier:month", args=[DAY.year, DAY.month])
    day_url = reverse("calendrier:day", args=[DAY])
    for offset in range(-16, 13):  # every day of April: more than the grid shows
        add_events(SHOWN_PER_DAY + 1, day=DAY + dt.timedelta(days=offset), prefix=f"Atelier {offset}")
    client.force_login(conseiller)
    small = len(month_page(client))

    def grow():
        add_events(200)

    queries = queries_stay_flat(month_url, grow)
    # 197 more events: the page differs only by the figure of one link (« + 1 autre » → « + 198 autres »).
    assert abs(len(month_page(client)) - small) < 10
    # The events in two queries (the one-day ones ranked in their day, those over several days), one
    # more than when the grid read them all.
    assert queries == 9
    # The day's page lists every event, in the same number of queries.
    assert queries_stay_flat(day_url, lambda: add_events(50, prefix="Réunion")) == 8


def test_the_day_page_shows_only_the_events_of_ones_audience(client, conseiller):
    add_events(1, prefix="Pour tous")
    add_events(1, prefix="Entre référents", audience=Audience.REFERENTS)
    client.force_login(conseiller)
    listing = day_page(client).content.decode()
    assert "Pour tous 000" in listing and "Entre référents" not in listing
    assert "Entre référents" not in month_page(client)


def test_the_day_page_leads_to_the_days_around_and_to_its_month(client, conseiller):
    client.force_login(conseiller)
    listing = day_page(client, dt.date(2030, 4, 30)).content.decode()
    assert 'href="/calendrier/jour/2030-04-29/"' in listing
    assert 'href="/calendrier/jour/2030-05-01/"' in listing
    assert f'href="{reverse("calendrier:month", args=[2030, 4])}"' in listing
    assert "mardi 30" in listing and "Aucune permanence" in listing


@pytest.mark.parametrize("path", ["2030-02-30", "1999-12-31", "2101-01-01", "2030-4-1"])
def test_an_impossible_day_is_not_found(client, conseiller, path):
    client.force_login(conseiller)
    assert client.get(f"/calendrier/jour/{path}/").status_code == 404

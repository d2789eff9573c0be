"""A home visit scheduled when its unit is elsewhere: the cell is told in words before saving and may
confirm; the planning preview lists the visits a generated passage clashes with."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from itinerance.enums import VisitStatus
from itinerance.models import Site
from itinerance.planning import make_plan
from tests import factories

DAY = dt.date(2027, 1, 5)  # a Tuesday, the first of the month: the factories' rules place a passage


@pytest.fixture(autouse=True)
def now(time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 20, 9, tzinfo=dt.UTC), tick=False)


@pytest.fixture
def unit(db):
    return factories.UnitFactory(name="Unité Nord")


@pytest.fixture
def agent(unit):
    return factories.itinerant_agent(unit=unit, email="agent@example.org")


@pytest.fixture
def lavit(db):
    """The visit's commune, placed by its town hall (a site of the cell)."""
    commune = factories.CommuneFactory(name="Lavit")
    factories.SiteFactory(commune=commune, name="Mairie de Lavit", tour=None, latitude=44.0, longitude=0.92)
    return commune


@pytest.fixture
def visit(lavit):
    return factories.HomeVisitRequestFactory(commune=lavit)


def passage(unit, name, hour, until, latitude, longitude, day=DAY, commune=None):
    tour = factories.TourFactory(unit=unit)
    extra = {"commune": commune} if commune else {}
    site = factories.SiteFactory(tour=tour, name=name, latitude=latitude, longitude=longitude, **extra)
    return factories.PassageFactory(
        site=site, tour=tour, date=day, starts_at=dt.time(*hour), ends_at=dt.time(*until)
    )


def schedule(client, visit, unit, time, **extra):
    data = {"date": DAY.isoformat(), "time": time, "unit": unit.pk if unit else "", **extra}
    return client.post(reverse("itinerance:visit_schedule", args=[visit.pk]), data)


def said(response) -> list[str]:
    """The warnings the page shows (as the view words them, before the template's typography)."""
    return list(response.context["clashes"])


def text(response) -> str:
    return re.sub(r"[ \t\r\n]+", " ", response.content.decode()).replace("&nbsp;", "\u00a0")


def warned_for(response) -> str:
    return re.search(r'name="warned_for" value="([^"]*)"', response.content.decode()).group(1)


def test_a_visit_during_a_passage_elsewhere_is_told_and_saved_once_confirmed(client, agent, unit, visit):
    dunes = passage(unit, "Mairie de Dunes", (9,), (12,), 44.05, 0.77)
    client.force_login(agent)

    warned = schedule(client, visit, unit, "10:30")

    page = text(warned)
    assert warned.status_code == 200
    assert "Ce moment pose problème, rien n'est encore enregistré" in page
    assert said(warned) == [
        f"L'unité Unité Nord est attendue au même moment à {dunes.site} "
        f"(mardi 5\u00a0janvier 2027, 9\u00a0h\u00a0– 12\u00a0h) et à la visite à domicile "
        f"n°\u00a0{visit.pk} (Lavit) (10\u00a0h\u00a030\u00a0– 11\u00a0h\u00a030)."
    ]
    assert "L&#x27;unité Unité Nord est attendue au même moment à Mairie de Dunes" in page
    assert "Planifier quand même, malgré les points signalés ci-dessus" in page
    visit.refresh_from_db()
    assert visit.status == VisitStatus.SUBMITTED and visit.scheduled_at is None

    saved = schedule(client, visit, unit, "10:30", confirm="on", warned_for=warned_for(warned))

    assert saved.status_code == 302
    visit.refresh_from_db()
    assert visit.status == VisitStatus.SCHEDULED and visit.unit == unit
    assert "malgré les points signalés" in text(client.get(saved["Location"]))


def test_a_box_ticked_for_another_moment_does_not_count(client, agent, unit, visit):
    passage(unit, "Mairie de Dunes", (9,), (17,), 44.05, 0.77)
    client.force_login(agent)
    first = schedule(client, visit, unit, "10:30")

    again = schedule(client, visit, unit, "14:00", confirm="on", warned_for=warned_for(first))

    assert said(again)[0].endswith("(14\u00a0h\u00a0– 15\u00a0h).")
    visit.refresh_from_db()
    assert visit.scheduled_at is None


def test_a_journey_too_short_from_the_previous_site_is_told(client, agent, unit, visit):
    # Bruniquel is about 60 km from Lavit: some 1 h 13 at 50 km/h, and the visit starts 15 minutes after.
    bruniquel = passage(unit, "Mairie de Bruniquel", (9,), (12,), 44.06, 1.66)
    client.force_login(agent)

    warnings = said(schedule(client, visit, unit, "12:15"))

    assert warnings == [
        f"L'unité Unité Nord, le mardi 5\u00a0janvier 2027 : entre {bruniquel.site} (fin à 12\u00a0h) "
        f"et la visite à domicile n°\u00a0{visit.pk} (Lavit) (début à 12\u00a0h\u00a015), 60\u00a0km, "
        "soit environ 1\u00a0h\u00a011 de route à 50\u00a0km/h ; il n'y a que 15\u00a0min."
    ]


def test_two_visits_of_the_unit_at_the_same_time_are_told(client, agent, unit, visit, lavit):
    other = factories.HomeVisitRequestFactory(
        commune=lavit,
        status=VisitStatus.SCHEDULED,
        unit=unit,
        scheduled_at=timezone.make_aware(dt.datetime.combine(DAY, dt.time(14, 30))),
    )
    client.force_login(agent)

    warnings = said(schedule(client, visit, unit, "14:00"))

    assert warnings == [
        f"L'unité Unité Nord est attendue au même moment à la visite à domicile n°\u00a0{visit.pk} "
        "(Lavit) (mardi 5\u00a0janvier 2027, 14\u00a0h\u00a0– 15\u00a0h) et à la visite à domicile "
        f"n°\u00a0{other.pk} (Lavit) (14\u00a0h\u00a030\u00a0– 15\u00a0h\u00a030)."
    ]
    visit.refresh_from_db()
    assert visit.scheduled_at is None


def test_an_agent_of_two_units_is_told_by_name(client, agent, unit, visit):
    other_unit = factories.UnitFactory(name="Unité Sud", agents=[agent])
    agent.first_name, agent.last_name = "Aline", "Exemple"
    agent.save()
    passage(other_unit, "Mairie de Dunes", (9,), (12,), 44.05, 0.77)
    client.force_login(agent)

    warnings = said(schedule(client, visit, unit, "10:00"))

    assert len(warnings) == 1
    assert warnings[0].startswith("Aline Exemple est attendu(e) au même moment à Mairie de Dunes")
    assert warnings[0].endswith(
        f"avec Unité Sud et à la visite à domicile n°\u00a0{visit.pk} (Lavit) avec Unité Nord."
    )


@pytest.mark.parametrize(
    "time, where",
    [
        ("12:00", "same commune"),  # right after the passage, at the town hall of the same commune
        ("08:00", "same commune"),  # ends as the passage starts
        ("10:00", "other unit"),  # another unit's passage
        ("15:30", "far but later"),  # 60 km away, but three hours and a half later
    ],
)
def test_no_warning_when_nothing_clashes(client, agent, unit, visit, lavit, time, where):
    if where == "same commune":
        passage(unit, "Salle des fêtes de Lavit", (9,), (12,), 44.0, 0.92, commune=lavit)
    elif where == "other unit":
        passage(factories.UnitFactory(), "Mairie de Dunes", (9,), (12,), 44.05, 0.77)
    else:
        passage(unit, "Mairie de Bruniquel", (9,), (12,), 44.06, 1.66)
    client.force_login(agent)

    response = schedule(client, visit, unit, time)

    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.status == VisitStatus.SCHEDULED


def test_moving_a_visit_does_not_clash_with_itself(client, agent, unit, visit):
    client.force_login(agent)
    assert schedule(client, visit, unit, "10:00").status_code == 302

    assert schedule(client, visit, unit, "10:30").status_code == 302

    visit.refresh_from_db()
    assert visit.status == VisitStatus.MOVED


def test_a_visit_without_a_unit_is_not_checked(client, agent, unit, visit):
    passage(unit, "Mairie de Dunes", (9,), (12,), 44.05, 0.77)
    client.force_login(agent)

    assert schedule(client, visit, None, "10:00").status_code == 302


# --- The planning preview --------------------------------------------------------------------------


def test_the_preview_lists_the_visits_a_generated_passage_clashes_with(unit, lavit):
    tour = factories.TourFactory(unit=unit)
    factories.RuleFactory(site__tour=tour, site__name="Mairie de Dunes", site__latitude=44.05)
    at = timezone.make_aware(dt.datetime.combine(DAY, dt.time(10)))
    clashing = factories.HomeVisitRequestFactory(
        commune=lavit, status=VisitStatus.SCHEDULED, unit=unit, scheduled_at=at
    )
    # Another unit's visit, a visit in the afternoon and a closed one clash with nothing.
    factories.HomeVisitRequestFactory(
        commune=lavit, status=VisitStatus.SCHEDULED, unit=factories.UnitFactory(), scheduled_at=at
    )
    factories.HomeVisitRequestFactory(
        commune=lavit, status=VisitStatus.SCHEDULED, unit=unit, scheduled_at=at + dt.timedelta(hours=5)
    )
    factories.HomeVisitRequestFactory(
        commune=lavit, unit=unit, scheduled_at=at, status=VisitStatus.DONE, closed_at=at
    )

    plan = make_plan(dt.date(2027, 1, 1), dt.date(2027, 1, 31), Site.objects.filter(tour=tour))

    dunes = Site.objects.get(name="Mairie de Dunes")
    assert [c for c in plan.conflicts if "visite à domicile" in c] == [
        f"L'unité Unité Nord est attendue au même moment à {dunes} "
        "(mardi 5\u00a0janvier 2027, 9\u00a0h\u00a0– 12\u00a0h) et à la visite à domicile "
        f"n°\u00a0{clashing.pk} (Lavit) (10\u00a0h\u00a0– 11\u00a0h)."
    ]


def test_two_visits_clashing_are_not_the_previews_business(unit, lavit):
    factories.RuleFactory(site__tour=factories.TourFactory(unit=unit), starts_at=dt.time(14))
    at = timezone.make_aware(dt.datetime.combine(DAY, dt.time(10)))
    for _ in range(2):
        factories.HomeVisitRequestFactory(
            commune=lavit, status=VisitStatus.SCHEDULED, unit=unit, scheduled_at=at
        )

    plan = make_plan(dt.date(2027, 1, 1), dt.date(2027, 1, 31), Site.objects.filter(tour__unit=unit))

    assert not [c for c in plan.conflicts if "visite à domicile" in c]

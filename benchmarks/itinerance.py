"""Benchmark of the itinerant cell: 3 tours of 10 sites (30 sites, 2 passages a month each) over 3 years.

Runs on a throw-away database (a temporary SQLite file, or the PostgreSQL database named by
BENCH_DATABASE_URL, which is emptied first). First times the generation of one year of passages for
every site (`make_plan` then `apply_plan`, as the coordinator's « générer » does; the issue asks for
under 5 s), then fills the two other years, and requests the tour pages, a site page, the calendar's
month view and a member's subscription feed as a logged-in counsellor, printing p50/p95, the query
count and the size of the HTML; then the public schedule as an anonymous visitor sees it (the pages of
a commune and a site, the communes' list, a commune's iCal feed) and a crawl of every public page:

    .venv/bin/python benchmarks/itinerance.py
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_itinerance \
        .venv/bin/python benchmarks/itinerance.py

Pages of other parts of the cell (home visits, public schedule) go in the `pages` of `main()`.
"""

import datetime as dt
import time

from harness import (
    FIRST,
    KILOBYTES,
    P50,
    P95,
    QUERIES,
    analyze,
    prepare_database,
    print_table,
    runs_from_env,
    setup_django,
)

TOURS = 3
SITES_PER_TOUR = 10
RUNS = runs_from_env(20)

setup_django("itinerance")  # before the imports below: they need Django set up

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from annuaire.enums import StructureKind  # noqa: E402
from annuaire.models import Commune, Membership, Structure  # noqa: E402
from calendrier.models import CalendarToken  # noqa: E402
from extranet.enums import Role  # noqa: E402
from extranet.models import User  # noqa: E402
from itinerance.enums import RuleKind, WeekParity  # noqa: E402
from itinerance.models import Passage, PublicSchedule, Rule, Site, Tour, Unit  # noqa: E402
from itinerance.planning import add_months, apply_plan, make_plan  # noqa: E402


def populate() -> User:
    prepare_database()
    call_command("createcachetable", verbosity=0)  # the feed is cached
    cell_commune = Commune.objects.create(insee_code="82121", name="Montauban", postal_code="82000")
    cell = Structure.objects.create(
        name="Cellule itinérante", slug="cellule", kind=StructureKind.ITINERANT, commune=cell_commune
    )
    for t in range(TOURS):
        unit = Unit.objects.create(name=f"Unité {t + 1}", structure=cell)
        agents = [
            User.objects.create_user(f"agent{t}-{a}@example.org", role=Role.ITINERANT, first_name="Agent")
            for a in range(2)
        ]
        unit.agents.set(agents)
        tour = Tour.objects.create(name=f"Tournée {t + 1}", unit=unit)
        for s in range(SITES_PER_TOUR):
            n = t * SITES_PER_TOUR + s
            commune = Commune.objects.create(
                insee_code=f"82{n + 1:03d}", name=f"Commune {n}", postal_code="82000"
            )
            site = Site.objects.create(
                name=f"Mairie de la commune {n}",
                commune=commune,
                tour=tour,
                position=s,
                latitude=f"{44 + t / 10 + s / 100:.2f}",
                longitude=f"{1 + t / 10 + s / 100:.2f}",
            )
            # Two sites a half-day: even and odd weeks, mornings and afternoons, Monday to Friday.
            morning = (s // 2) % 2 == 0
            Rule.objects.create(
                site=site,
                kind=RuleKind.WEEK_PARITY,
                weekday=s // 4 % 5,
                parity=WeekParity.EVEN if s % 2 == 0 else WeekParity.ODD,
                starts_at=dt.time(9 if morning else 14),
                ends_at=dt.time(12 if morning else 17),
            )
    counsellor = User.objects.create_user(
        "conseiller@example.org", role=Role.CONSEILLER, first_name="Camille"
    )
    Membership.objects.create(user=counsellor, structure=cell)
    return counsellor


def generate(first: dt.date, last: dt.date) -> tuple[float, float, int]:
    start = time.perf_counter()
    plan = make_plan(first, last)
    planned = time.perf_counter()
    done = apply_plan(plan, confirm_changes=False)
    return (planned - start) * 1000, (time.perf_counter() - planned) * 1000, done["created"]


def main():
    person = populate()
    today = timezone.localdate()
    preview, saving, created = generate(today, add_months(today, 12) - dt.timedelta(days=1))
    print(f"{connection.vendor}: {TOURS * SITES_PER_TOUR} sites")
    print(
        f"Générer un an de passages : aperçu {preview:.0f} ms, "
        f"enregistrement {saving:.0f} ms ({created} passages)"
    )
    # The two other years: one past, one further ahead; then the preview of a year already generated.
    generate(add_months(today, -12), today - dt.timedelta(days=1))
    generate(add_months(today, 12), add_months(today, 24) - dt.timedelta(days=1))
    again, _saving, none = generate(today, add_months(today, 12) - dt.timedelta(days=1))
    print(f"Regénérer la même année (rien à ajouter) : aperçu {again:.0f} ms, {none} passage ajouté")
    analyze()
    print(f"{Passage.objects.count()} passages sur trois ans")

    client = Client()
    client.force_login(person)
    tour = Tour.objects.first()
    pages = {
        "Tournées": reverse("itinerance:tour_list"),
        "Tournée": reverse("itinerance:tour_detail", args=[tour.pk]),
        "Site": reverse("itinerance:site_detail", args=[tour.sites.first().pk]),
        "Calendrier (mois)": reverse("calendrier:month", args=[today.year, today.month]),
        "Flux iCalendar": CalendarToken.for_user(person).get_absolute_url(),
    }
    print_table(client, pages, RUNS, [FIRST, P50, P95, QUERIES, KILOBYTES], label_width=18, cold_cache=True)

    # The public schedule, as a crawler or a town hall's website sees it: anonymous, published.
    PublicSchedule.objects.update_or_create(pk=1, defaults={"is_published": True})
    site = tour.sites.first()
    public_pages = {
        "Public : communes": reverse("itinerance:public_index"),
        "Public : commune": reverse("itinerance:public_commune", args=[site.commune.insee_code]),
        "Public : site": reverse("itinerance:public_site", args=[site.pk]),
        "Public : iCal commune": reverse("itinerance:public_feed", args=[site.commune.insee_code]),
    }
    print_table(
        Client(), public_pages, RUNS, [FIRST, P50, P95, QUERIES, KILOBYTES], label_width=22, cold_cache=True
    )
    crawl()


def crawl():
    """Every public page and feed once with an empty cache, then once more (a crawler's second pass)."""
    from django.core.cache import cache

    client = Client()
    urls = [reverse("itinerance:public_index")]
    for site in Site.objects.select_related("commune"):
        urls += [
            reverse("itinerance:public_commune", args=[site.commune.insee_code]),
            reverse("itinerance:public_site", args=[site.pk]),
            reverse("itinerance:public_feed", args=[site.commune.insee_code]),
        ]
    cache.clear()
    for label in ("cache vide", "cache plein"):
        queries = []
        start = time.perf_counter()
        with connection.execute_wrapper(
            lambda execute, sql, *args, queries=queries: queries.append(sql) or execute(sql, *args)
        ):
            for url in urls:
                assert client.get(url).status_code == 200, url
        elapsed = (time.perf_counter() - start) * 1000
        print(
            f"Parcours des {len(urls)} pages publiques ({label}) : {elapsed:.0f} ms, "
            f"{elapsed / len(urls):.1f} ms et {len(queries) / len(urls):.1f} requêtes par page"
        )


if __name__ == "__main__":
    main()

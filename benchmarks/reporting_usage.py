"""Benchmark of the yearly usage report: 3 years of daily usage counters for 500 people.

Runs on a throw-away database (a temporary SQLite file, or the PostgreSQL database named by
BENCH_DATABASE_URL, which is emptied first) and prints the p50/p95 times and query counts of the
report's page for each year, the time to draw its PDF and workbooks, and the fold's time — then the
same page once the years older than 13 months are folded:

    .venv/bin/python benchmarks/reporting_usage.py
    BENCH_RUNS=20 .venv/bin/python benchmarks/reporting_usage.py
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_usage \
        .venv/bin/python benchmarks/reporting_usage.py
"""

import datetime as dt
import random
import time

from harness import P50, P95, QUERIES, analyze, prepare_database, print_table, runs_from_env, setup_django

PEOPLE = 500
YEARS = 3
# Each person uses the extranet on about two working days out of five.
DAY_SHARE = 0.4
RUNS = runs_from_env(10)

setup_django("reporting-usage")  # before the imports below: they need Django set up

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from annuaire.models import Membership, Partner, Structure  # noqa: E402
from extranet.enums import Role  # noqa: E402
from extranet.models import DailyUsage, User  # noqa: E402
from reporting.retention import fold  # noqa: E402
from reporting.usage_documents import report_context, report_pdf, report_workbook  # noqa: E402


def populate() -> tuple[list[int], User]:
    """500 people (counsellors, itinerant agents, partners' referents) and the daily usage rows of the
    3 years before this one; returns those years and a steering user."""
    prepare_database()
    call_command("load_reference_data", verbosity=0)
    structures, partners = list(Structure.objects.all()), list(Partner.objects.all())
    rng = random.Random(14)
    this_year = timezone.localdate().year
    years = list(range(this_year - YEARS, this_year))
    roles = [Role.CONSEILLER] * 7 + [Role.REFERENT] * 2 + [Role.ITINERANT]
    people = User.objects.bulk_create(
        User(email=f"usage{n}@example.org", last_name=f"Usager {n}", role=roles[n % len(roles)], password="!")
        for n in range(PEOPLE)
    )
    Membership.objects.bulk_create(
        Membership(user=person, partner=partners[n % len(partners)])
        if person.role == Role.REFERENT
        else Membership(user=person, structure=structures[n % len(structures)])
        for n, person in enumerate(people)
    )
    pilotage = User.objects.create(email="pilotage-bench@example.org", role=Role.PILOTAGE, password="!")
    day, rows, total = dt.date(years[0], 1, 1), [], 0
    while day.year < this_year:
        if day.weekday() < 5:
            rows += [
                DailyUsage(
                    user=person,
                    day=day,
                    logins=rng.randint(0, 2),
                    page_views=rng.randint(1, 40),
                    downloads=rng.randint(0, 3),
                )
                for person in people
                if rng.random() < DAY_SHARE
            ]
        if len(rows) > 20_000:
            DailyUsage.objects.bulk_create(rows)
            total += len(rows)
            rows = []
        day += dt.timedelta(days=1)
    DailyUsage.objects.bulk_create(rows)
    total += len(rows)
    print(f"{PEOPLE} personnes, {total} lignes d'usage quotidien ({years[0]}–{years[-1]})")
    analyze()
    return years, pilotage


def timed(label: str, action) -> None:
    start = time.perf_counter()
    action()
    print(f"{label:<40} {(time.perf_counter() - start):>8.2f} s")


def main():
    years, pilotage = populate()
    client = Client()
    client.force_login(pilotage)
    pages = {f"Bilan {year} (page)": f"{reverse('reporting:usage_report')}?annee={year}" for year in years}
    # A first visit counts the page view of the day: every timed visit then only updates it.
    client.get(next(iter(pages.values())))
    print_table(client, pages, RUNS, [P50, P95, QUERIES], label_width=40)
    last = years[-1]
    context = report_context(last)
    timed(f"PDF du bilan {last} (figures + dessin)", lambda: report_pdf(report_context(last)))
    timed(f"PDF du bilan {last} (dessin seul)", lambda: report_pdf(context))
    timed(f"XLSX du bilan {last}", lambda: report_workbook(context, "xlsx"))
    timed(f"ODS du bilan {last}", lambda: report_workbook(context, "ods"))
    timed("Regroupement (fold_usage)", fold)
    print(f"{DailyUsage.objects.count()} lignes quotidiennes restantes après le regroupement")
    print_table(client, {f"{label} après regroupement": url for label, url in pages.items()}, RUNS,
                [P50, P95, QUERIES], label_width=40)  # fmt: skip
    timed(f"PDF du bilan {years[0]} après regroupement", lambda: report_pdf(report_context(years[0])))


if __name__ == "__main__":
    main()

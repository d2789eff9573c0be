"""Benchmark of the reporting dashboards: 60 structures × 10 years of submitted quarterly reports.

Each structure (one in six an itinerant unit) has a submitted report for each of the 40 quarters up to
the last one ended, with a line for each of 12 partners (9 national) and for 2 contact reasons of each
partner, and a charter snapshot per quarter. The script requests the dashboard for a quarter, a year,
a structure and a partner as a pilotage user, a counsellor and a partner referent, and an export, and
prints p50/p95, the query count and the HTML size; the query counts must not change with the volumes
(compare with BENCH_YEARS=1):

    .venv/bin/python benchmarks/reporting.py
    BENCH_RUNS=20 BENCH_YEARS=1 .venv/bin/python benchmarks/reporting.py
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_reporting \
        .venv/bin/python benchmarks/reporting.py
"""

import os
import random

from harness import (
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

STRUCTURES = 60
YEARS = int(os.environ.get("BENCH_YEARS", "10"))
PARTNERS = 12
REASONS_PER_PARTNER = 2
RUNS = runs_from_env(10)

setup_django("reporting")  # before the imports below: they need Django set up

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from annuaire.enums import StructureKind  # noqa: E402
from annuaire.models import CharterSnapshot, Commune, Membership, Partner, Structure  # noqa: E402
from extranet.enums import Role  # noqa: E402
from extranet.models import User  # noqa: E402
from reporting.enums import ReportStatus  # noqa: E402
from reporting.models import ContactReason, PartnerLine, QuarterlyReport, ReasonLine  # noqa: E402
from reporting.quarters import Quarter  # noqa: E402


def _bulk(model, objects: list) -> list:
    for obj in objects:
        if hasattr(obj, "refresh_search_text"):
            obj.refresh_search_text()
    return model.objects.bulk_create(objects, batch_size=2000)


def populate() -> dict[str, User]:
    prepare_database()
    rng = random.Random(82)
    commune = Commune.objects.create(insee_code="82121", name="Montauban", postal_code="82000")
    structures = _bulk(
        Structure,
        [
            Structure(name=f"France Services {n:02d}", slug=f"france-services-{n}", commune=commune,
                      kind=StructureKind.ITINERANT if n % 6 == 0 else StructureKind.FIXED)
            for n in range(STRUCTURES)
        ],
    )  # fmt: skip
    partners = _bulk(
        Partner,
        [
            Partner(name=f"Partenaire {n}", acronym=f"P{n}", slug=f"partenaire-{n}", is_national=n < 9)
            for n in range(PARTNERS)
        ],
    )
    reasons = _bulk(
        ContactReason,
        [ContactReason(partner=p, label=f"Motif {k} de {p.acronym}")
         for p in partners for k in range(REASONS_PER_PARTNER)],
    )  # fmt: skip
    last = Quarter.current().previous()
    quarters = [last]
    while len(quarters) < 4 * YEARS:
        quarters.insert(0, quarters[0].previous())
    now = timezone.now()
    reports = _bulk(
        QuarterlyReport,
        [
            QuarterlyReport(
                structure=s, year=q.year, quarter=q.number, status=ReportStatus.SUBMITTED, submitted_at=now,
                people_received=rng.randint(100, 900), requests_handled=rng.randint(100, 800),
                level_two_requests=rng.randint(0, 30), mds_orientations=rng.randint(0, 20),
                individual_sessions=rng.randint(0, 100), collective_sessions=rng.randint(0, 10),
            )
            for s in structures
            for q in quarters
        ],
    )  # fmt: skip
    _bulk(
        PartnerLine,
        [PartnerLine(report=r, partner=p, requests=rng.randint(0, 60), forum_questions=rng.randint(0, 3))
         for r in reports for p in partners],
    )  # fmt: skip
    _bulk(
        ReasonLine,
        [ReasonLine(report=r, reason=c, requests=rng.randint(0, 20)) for r in reports for c in reasons],
    )
    outcomes = ["respecte", "non_respecte", "a_renseigner"]
    _bulk(
        CharterSnapshot,
        [
            CharterSnapshot(structure=s, year=q.year, quarter=q.number, taken_at=now,
                            results={"horaires": {"outcome": rng.choice(outcomes), "detail": ""}})
            for s in structures
            for q in quarters
        ],
    )  # fmt: skip
    people = {
        label: User.objects.create_user(email=f"{role}@example.org", password="x", role=role)
        for label, role in (
            ("pilotage", Role.PILOTAGE),
            ("conseiller", Role.CONSEILLER),
            ("référent", Role.REFERENT),
        )
    }
    Membership.objects.create(user=people["conseiller"], structure=structures[1])
    Membership.objects.create(user=people["référent"], partner=partners[0])
    analyze()
    return people


def main():
    people = populate()
    last = Quarter.current().previous()
    dashboard = reverse("reporting:dashboard")
    quarter = f"?annee={last.year}&trimestre={last.number}"
    counts = (
        f"{Structure.objects.count()} structures, {QuarterlyReport.objects.count()} rapports, "
        f"{PartnerLine.objects.count()} lignes partenaires, {ReasonLine.objects.count()} lignes motifs"
    )
    print(f"{connection.vendor}: {counts}; {RUNS} passages par page")
    for persona, user in people.items():
        client = Client()
        client.force_login(user)
        pages = {
            f"Trimestre ({persona})": dashboard + quarter,
            f"Année ({persona})": dashboard + f"?periode=annee&annee={last.year}",
        }
        if persona == "pilotage":
            pages["Trimestre, une structure"] = dashboard + quarter + "&structure=france-services-1"
            pages["Année, un partenaire"] = (
                dashboard + f"?periode=annee&annee={last.year}&partenaire=partenaire-0"
            )
            pages["Export XLSX (structures)"] = (
                reverse("reporting:dashboard_export", args=["structures", "xlsx"]) + quarter
            )
            pages["Rapports du trimestre"] = reverse("reporting:report_list") + quarter
        print_table(client, pages, RUNS, [P50, P95, QUERIES, KILOBYTES], label_width=28)


if __name__ == "__main__":
    main()

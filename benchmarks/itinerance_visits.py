"""Benchmark of home visits: the cell's queue with 5,000 requests, and an agent's « Aujourd'hui ».

Runs on a throw-away database (a temporary SQLite file, or the PostgreSQL database named by
BENCH_DATABASE_URL, which is emptied first): 5,000 requests over 200 communes (a quarter still open,
the rest done or cancelled), 3 units with their tours and 60 sites, a day of passages and visits;
prints p50/p95, the query count and the size of the HTML:

    .venv/bin/python benchmarks/itinerance_visits.py
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_visits \
        .venv/bin/python benchmarks/itinerance_visits.py
"""

import datetime as dt

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

REQUESTS = 5_000
COMMUNES = 200
UNITS = 3
SITES_PER_TOUR = 20
RUNS = runs_from_env(20)

setup_django("itinerance_visits")  # before the imports below: they need Django set up

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from annuaire.enums import StructureKind  # noqa: E402
from annuaire.models import Commune, Domain, Membership, Partner, Structure  # noqa: E402
from extranet.enums import Role  # noqa: E402
from extranet.models import User  # noqa: E402
from itinerance.enums import VisitReason, VisitStatus  # noqa: E402
from itinerance.models import Passage, Site, Tour, Unit  # noqa: E402
from itinerance.visits import HomeVisitRequest  # noqa: E402

STATUSES = [VisitStatus.SUBMITTED, VisitStatus.SCHEDULED, VisitStatus.DONE, VisitStatus.DONE,
            VisitStatus.CANCELLED, VisitStatus.DONE, VisitStatus.MOVED, VisitStatus.DONE]  # fmt: skip
REASONS = list(VisitReason)


def populate() -> User:
    prepare_database()
    communes = Commune.objects.bulk_create(
        Commune(insee_code=f"82{n:03d}", name=f"Commune {n}", postal_code="82000") for n in range(COMMUNES)
    )
    cell = Structure.objects.create(
        name="Cellule itinérante", slug="cellule", kind=StructureKind.ITINERANT, commune=communes[0]
    )
    agent = User.objects.create(email="agent@example.org", role=Role.ITINERANT, password="!")
    booker = User.objects.create(email="mairie@example.org", role=Role.GUICHET, password="!")
    Membership.objects.create(user=agent, structure=cell)
    Membership.objects.create(user=booker, commune=communes[1])
    partners = Partner.objects.bulk_create(Partner(name=f"Partenaire {n}", slug=f"p-{n}") for n in range(9))
    themes = Domain.objects.bulk_create(Domain(name=f"Thème {n}", slug=f"theme-{n}") for n in range(12))
    today = timezone.localdate()
    units = []
    for u in range(UNITS):
        unit = Unit.objects.create(name=f"Unité {u}", structure=cell)
        unit.agents.add(agent)
        units.append(unit)
        tour = Tour.objects.create(name=f"Tournée {u}", unit=unit)
        for s in range(SITES_PER_TOUR):
            n = u * SITES_PER_TOUR + s
            site = Site.objects.create(
                name=f"Mairie {n}", commune=communes[n], tour=tour, position=s, address="Place de la mairie",
                latitude=f"{44 + n / 100:.2f}", longitude=f"{1.2 + n / 100:.2f}",
                access_notes="Clé à l'accueil",
            )  # fmt: skip
            for week in range(8):
                Passage.objects.create(
                    tour=tour, site=site, date=today + dt.timedelta(days=week * 7 + s % 5),
                    starts_at=dt.time(9 + (s % 2) * 5), ends_at=dt.time(12 + (s % 2) * 5),
                )  # fmt: skip
    now = timezone.now()
    HomeVisitRequest.objects.bulk_create(
        HomeVisitRequest(
            requested_by=booker, commune=communes[n % COMMUNES], person_name=f"Personne {n}",
            person_phone="06 12 34 56 78", address=f"{n} rue des Écoles", reason=REASONS[n % 3],
            partner=partners[n % 9] if n % 2 else None, theme=themes[n % 12], preferred_days="1,3",
            consent=True, consent_at=now, status=STATUSES[n % len(STATUSES)],
            unit=units[n % UNITS] if n % 8 in (1, 6) else None,
            scheduled_at=now + dt.timedelta(days=(n // 8) % 300) if n % 8 in (1, 6) else None,
        )
        for n in range(REQUESTS)
    )  # fmt: skip
    # Spread the requests' ages over a year, as a real queue would be.
    for n, pk in enumerate(HomeVisitRequest.objects.values_list("pk", flat=True)):
        if n % 50 == 0:
            HomeVisitRequest.objects.filter(pk__gte=pk, pk__lt=pk + 50).update(
                created_at=now - dt.timedelta(days=365 - n // 14)
            )
    analyze()
    return agent


def main():
    agent = populate()
    client = Client()
    client.force_login(agent)
    queue = reverse("itinerance:visit_queue")
    commune = Commune.objects.get(insee_code="82007")
    some = HomeVisitRequest.objects.open().first()
    pages = {
        "File d'attente": queue,
        "File d'attente, page 10": f"{queue}?page=10",
        "File d'attente (commune)": f"{queue}?commune={commune.pk}",
        "Demande (fiche)": some.get_absolute_url(),
        "Aujourd'hui": reverse("itinerance:today"),
    }
    open_count = HomeVisitRequest.objects.open().count()
    print(
        f"{connection.vendor}: {HomeVisitRequest.objects.count()} demandes dont {open_count} en cours, "
        f"{Passage.objects.count()} passages; {RUNS} passages par page"
    )
    print_table(client, pages, RUNS, [P50, P95, QUERIES, KILOBYTES], label_width=26)


if __name__ == "__main__":
    main()

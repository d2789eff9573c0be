"""Benchmark of the directory: 50 structures, 100 partners and 1,000 referents, with hours and permanences.

Runs on a throw-away database (a temporary SQLite file, or the PostgreSQL database named by
BENCH_DATABASE_URL, which is emptied first), requests each main page of the directory through
django.test.Client as a logged-in counsellor, and prints the p50/p95 times, the query count and the
size of the HTML:

    .venv/bin/python benchmarks/annuaire.py
    BENCH_RUNS=50 .venv/bin/python benchmarks/annuaire.py
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_annuaire \
        .venv/bin/python benchmarks/annuaire.py
"""

import datetime as dt

from harness import KILOBYTES, P50, P95, QUERIES, prepare_database, print_table, runs_from_env, setup_django

STRUCTURES = 50
PARTNERS = 100
REFERENTS = 1_000
DOMAINS = 12
PARTNERS_PER_STRUCTURE = 12
RUNS = runs_from_env(20)

setup_django("annuaire")  # before the imports below: they need Django set up

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from annuaire.enums import Recurrence  # noqa: E402
from annuaire.models import (  # noqa: E402
    Commune,
    Domain,
    Membership,
    OpeningHours,
    Partner,
    Permanence,
    Referent,
    Structure,
)
from extranet.enums import Role  # noqa: E402
from extranet.models import User  # noqa: E402
from extranet.search.models import SearchableText  # noqa: E402

# Monday to Friday, morning and afternoon: 35 hours over 5 days.
WEEK = [(day, opens, closes) for day in range(5) for opens, closes in ((9, 12), (13, 17))]


def _bulk(model, objects: list) -> list:
    """bulk_create skips save(), which fills the search text: fill it here the same way."""
    for obj in objects:
        if isinstance(obj, SearchableText):
            obj.refresh_search_text()
    return model.objects.bulk_create(objects)


def populate() -> User:
    prepare_database()
    communes = _bulk(
        Commune,
        [
            Commune(insee_code=f"82{n:03d}", name=f"Commune {n}", postal_code="82000")
            for n in range(STRUCTURES)
        ],
    )
    structures = _bulk(
        Structure,
        [
            Structure(name=f"France Services {n}", slug=f"france-services-{n}", commune=communes[n],
                      email=f"fs{n}@example.org", phone="05 63 00 00 00", has_visio=n % 2 == 0)
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
    domains = _bulk(Domain, [Domain(name=f"Domaine {n}", slug=f"domaine-{n}") for n in range(DOMAINS)])
    OpeningHours.objects.bulk_create(
        OpeningHours(structure=s, weekday=day, opens=dt.time(opens), closes=dt.time(closes))
        for s in structures
        for day, opens, closes in WEEK
    )
    present = [
        (s, partners[(i + k) % PARTNERS])
        for i, s in enumerate(structures)
        for k in range(PARTNERS_PER_STRUCTURE)
    ]
    Structure.partners.through.objects.bulk_create(
        Structure.partners.through(structure=s, partner=p) for s, p in present
    )
    Permanence.objects.bulk_create(
        Permanence(partner=p, structure=s, recurrence=Recurrence.MONTHLY, weekday=1, weeks_of_month="2,4",
                   starts_at=dt.time(9), ends_at=dt.time(12))
        for s, p in present
    )  # fmt: skip
    referents = _bulk(
        Referent,
        [
            Referent(full_name=f"Référent {n}", partner=partners[n % PARTNERS], function="Conseiller expert",
                     phone="05 63 11 22 33", email=f"referent{n}@example.org",
                     territory="Tout le département" if n % 10 == 0 else "")
            for n in range(REFERENTS)
        ],
    )  # fmt: skip
    Referent.domains.through.objects.bulk_create(
        Referent.domains.through(referent=r, domain=domains[n % DOMAINS]) for n, r in enumerate(referents)
    )
    Referent.structures.through.objects.bulk_create(
        Referent.structures.through(referent=r, structure=structures[n % STRUCTURES])
        for n, r in enumerate(referents)
    )
    person = User.objects.create(email="conseiller@example.org", role=Role.CONSEILLER, password="!")
    Membership.objects.create(user=person, structure=structures[0])
    return person


def pages() -> dict[str, str]:
    structure = Structure.objects.get(slug="france-services-0")
    partner = Partner.objects.get(slug="partenaire-0")
    domain = Domain.objects.get(slug="domaine-0")
    search = reverse("annuaire:referent_search")
    filters = f"partner={partner.pk}&domain={domain.pk}&structure={structure.pk}"
    return {
        "Liste des structures": reverse("annuaire:structure_list"),
        "Structures (recherche)": reverse("annuaire:structure_list") + "?q=services&weekday=1",
        "Fiche structure": structure.get_absolute_url(),
        "Liste des partenaires": reverse("annuaire:partner_list"),
        "Fiche partenaire": partner.get_absolute_url(),
        "Qui contacter": search,
        "Qui contacter (filtré)": f"{search}?{filters}",
        "Charte (réseau)": reverse("annuaire:charter_overview"),
    }


def main():
    person = populate()
    client = Client()
    client.force_login(person)
    counts = (
        f"{Structure.objects.count()} structures, {Partner.objects.count()} partenaires, "
        f"{Referent.objects.count()} référents, {OpeningHours.objects.count()} plages horaires, "
        f"{Permanence.objects.count()} permanences"
    )
    print(f"{connection.vendor}: {counts}; {RUNS} passages par page")
    print_table(client, pages(), RUNS, [P50, P95, QUERIES, KILOBYTES], label_width=24)


if __name__ == "__main__":
    main()

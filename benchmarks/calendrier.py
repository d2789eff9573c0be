"""Benchmark of the calendar: month view and subscription feed with 5,000 events and 50,000 registrations.

Runs on a throw-away database (a temporary SQLite file, or the PostgreSQL database named by
BENCH_DATABASE_URL, which is emptied first). The first request of each page runs with an empty cache
(the feed is cached until what it shows changes, see calendrier/feeds.py) and gives the query count;
p50/p95 are over the following runs:

    .venv/bin/python benchmarks/calendrier.py
    BENCH_RUNS=50 .venv/bin/python benchmarks/calendrier.py
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_calendrier \
        .venv/bin/python benchmarks/calendrier.py
"""

import datetime as dt

from harness import (
    BYTES,
    FIRST,
    P50,
    P95,
    QUERIES,
    prepare_database,
    print_table,
    runs_from_env,
    setup_django,
)

EVENTS = 5_000
REGISTRATIONS = 50_000
PEOPLE = 1_000
RUNS = runs_from_env(20)

setup_django("calendrier")  # before the imports below: they need Django set up

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from annuaire.enums import Recurrence  # noqa: E402
from annuaire.models import Membership, Partner, Permanence, Structure  # noqa: E402
from calendrier.enums import Audience, EventKind  # noqa: E402
from calendrier.models import CalendarToken, Event, Registration  # noqa: E402
from extranet.enums import Role  # noqa: E402
from extranet.models import User  # noqa: E402


def populate():
    prepare_database()
    call_command("createcachetable", verbosity=0)
    call_command("load_reference_data", verbosity=0)
    structure = Structure.objects.first()
    partner = Partner.objects.first()
    people = User.objects.bulk_create(
        User(email=f"bench{n}@example.org", role=Role.CONSEILLER, password="!") for n in range(PEOPLE)
    )
    Membership.objects.bulk_create(Membership(user=p, structure=structure) for p in people)
    Permanence.objects.create(
        partner=partner, structure=structure, recurrence=Recurrence.WEEKLY, weekday=1,
        starts_at=dt.time(9), ends_at=dt.time(12),
    )  # fmt: skip
    organiser = User.objects.create(email="cci@example.org", role=Role.ANIMATEUR, is_staff=True)
    first_day = timezone.localdate() - dt.timedelta(days=180)
    kinds, audiences = list(EventKind.values), list(Audience.values)
    events = Event.objects.bulk_create(
        Event(
            title=f"Événement {n}",
            kind=kinds[n % len(kinds)],
            audience=audiences[n % len(audiences)],
            start_date=first_day + dt.timedelta(days=n * 720 // EVENTS),
            start_time=dt.time(9),
            end_date=first_day + dt.timedelta(days=n * 720 // EVENTS),
            end_time=dt.time(12),
            structure=structure,
            organiser=organiser,
            capacity=20,
        )
        for n in range(EVENTS)
    )
    per_event = REGISTRATIONS // EVENTS
    Registration.objects.bulk_create(
        Registration(event=event, user=people[(i * per_event + k) % PEOPLE])
        for i, event in enumerate(events)
        for k in range(per_event)
    )
    return people[0]


def main():
    person = populate()
    client = Client()
    client.force_login(person)
    today = timezone.localdate()
    pages = {
        "Vue du mois": reverse("calendrier:month", args=[today.year, today.month]),
        "Liste à venir": reverse("calendrier:event_list"),
        "Flux iCalendar": CalendarToken.for_user(person).get_absolute_url(),
    }
    counts = f"{Event.objects.count()} événements, {Registration.objects.count()} inscriptions"
    print(f"{connection.vendor}: {counts}")
    # An empty cache before each page: the first request builds what the following ones get cached.
    columns = [FIRST, P50, P95, QUERIES, BYTES]
    print_table(client, pages, RUNS, columns, label_width=16, cold_cache=True)


if __name__ == "__main__":
    main()

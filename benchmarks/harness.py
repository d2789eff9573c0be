"""What every benchmark script shares: a throw-away database, timed requests and the printed table.

Each script in this folder builds its own data at the volumes of its issue; the steps around that are
the same everywhere and live here:

- ``setup_django(name)`` points Django at a throw-away database (a temporary SQLite file, or the
  PostgreSQL database named by BENCH_DATABASE_URL) with test-like settings, then calls
  ``django.setup()``. It must run before anything imports a model, hence at the top of each script.
- ``prepare_database()`` empties that database and creates the schema; ``analyze()`` refreshes
  PostgreSQL's planner statistics after a bulk load.
- ``measure()`` requests one page: the first request gives the query count and the HTML size, the
  following ``runs`` give p50/p95; ``print_table()`` does that for every page and prints one row each.

The scripts are run directly (``.venv/bin/python benchmarks/annuaire.py``), so Python puts this folder
on sys.path and they import this module as ``harness``.
"""

from __future__ import annotations

import logging
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # importing django.test before django.setup() would be too early
    from django.test import Client

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def runs_from_env(default: int) -> int:
    """Timed requests per page: BENCH_RUNS when set, else the script's default."""
    return int(os.environ.get("BENCH_RUNS", str(default)))


def setup_django(name: str, *, temporary_media: bool = False) -> None:
    """Prepare the environment of a benchmark run and call django.setup().

    ``name`` only names the temporary folder (``bench-<name>-…``), which holds the SQLite file and,
    with ``temporary_media``, the uploaded files, so that a run never writes into the real media folder.
    """
    # The project root goes first: this folder has scripts named like the apps (annuaire.py…), which
    # would otherwise shadow the packages they benchmark.
    sys.path.insert(0, str(PROJECT_ROOT))
    workdir = tempfile.mkdtemp(prefix=f"bench-{name}-")
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
    # Test-like settings: no HTTPS redirect, "testserver" allowed, static files from the source folders.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "extranet.settings_test")
    if temporary_media:
        os.environ["DJANGO_MEDIA_ROOT"] = workdir

    import django

    django.setup()
    # The request log (one line per request, extranet/observability.py) would bury the figures.
    logging.getLogger("extranet.requests").setLevel(logging.WARNING)


def prepare_database() -> None:
    """Empty the benchmark database and create the schema.

    BENCH_DATABASE_URL may name a database that already holds an earlier run: flush empties it, and
    migrate creates the tables on a fresh one (flush only touches the tables that exist).
    """
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)


def analyze() -> None:
    """On PostgreSQL, refresh the planner statistics, as autovacuum soon does after a bulk load.

    Without them the planner ignores the search indexes and the timings describe no real database.
    """
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


@dataclass(frozen=True)
class Timing:
    """One page's figures; times in milliseconds, size in bytes of the first response."""

    first: float
    p50: float
    p95: float
    queries: int
    size: int


def measure(
    client: Client, url: str, runs: int, *, warm_up: bool = False, cold_cache: bool = False
) -> Timing:
    """Request ``url`` once to count its queries and time it, then ``runs`` times for p50/p95.

    ``warm_up`` requests the page once beforehand, for pages whose first visit writes (machina's read
    tracking) and would count queries no later visit runs. ``cold_cache`` empties Django's cache first,
    so that ``first`` is the cost of building what later requests get from the cache.
    """
    from django.core.cache import cache
    from django.db import connection

    if warm_up:
        client.get(url)
    if cold_cache:
        cache.clear()
    queries: list[str] = []
    # Counted at the cursor: the request signals reset Django's own query log mid-request.
    start = time.perf_counter()
    with connection.execute_wrapper(lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)):
        response = client.get(url)
    first = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    p95 = statistics.quantiles(times, n=20)[-1]
    return Timing(first, statistics.median(times), p95, len(queries), len(response.content))


@dataclass(frozen=True)
class Column:
    """A column of the printed table: its heading and how a Timing is written in it."""

    title: str
    value: Callable[[Timing], str]


# The columns the scripts choose from; every one is 9 characters wide, right-aligned.
FIRST = Column("1re (ms)", lambda t: f"{t.first:.1f}")
P50 = Column("p50 (ms)", lambda t: f"{t.p50:.1f}")
P95 = Column("p95 (ms)", lambda t: f"{t.p95:.1f}")
QUERIES = Column("requêtes", lambda t: str(t.queries))
BYTES = Column("octets", lambda t: str(t.size))
KILOBYTES = Column("HTML (ko)", lambda t: f"{t.size / 1000:.0f}")


def print_table(
    client: Client,
    pages: Mapping[str, str],
    runs: int,
    columns: Sequence[Column],
    *,
    label_width: int,
    warm_up: bool = False,
    cold_cache: bool = False,
) -> None:
    """Measure every page (label → URL) in order and print a row as soon as it is measured.

    Rows are printed one by one rather than at the end so that a slow page shows where it stands.
    """
    print(f"{'page':<{label_width}} " + " ".join(f"{column.title:>9}" for column in columns))
    for label, url in pages.items():
        timing = measure(client, url, runs, warm_up=warm_up, cold_cache=cold_cache)
        print(f"{label:<{label_width}} " + " ".join(f"{column.value(timing):>9}" for column in columns))

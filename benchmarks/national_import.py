"""Benchmark: the whole national list of France Services (about 2,800 rows, ~25 of Tarn-et-Garonne)
imported as the CCI does it, from a file of the national size generated here.

    .venv/bin/python benchmarks/national_import.py
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_national \
        .venv/bin/python benchmarks/national_import.py

Steps, each timed from the file's bytes (reading, header matching, the département filter, every
row of 82 validated, the preview's old → new) with its SQL query count:
1. preview on an empty directory (nothing written), then the import itself;
2. the next year's file where 3 structures changed hours and one left the list, previewed then
   imported with the absent one closed;
3. the same file again (everything unchanged);
4. the first import into a directory whose 25 structures have no `id_fs` yet (matched by commune
   and name);
5. the export of the directory in the national format.
The target (issue 12): the whole file imported in under 30 s. Results go in docs/benchmarks.md.
"""

import csv
import io
import time

from harness import prepare_database, setup_django

setup_django("national")

from django.db import connection  # noqa: E402

from annuaire import national  # noqa: E402
from annuaire.models import Structure  # noqa: E402
from annuaire.national_import import NationalListResource, summary  # noqa: E402
from extranet.spreadsheets.imports import import_table_file  # noqa: E402
from tests.national_files import national_csv, whole_country  # noqa: E402

TOTAL_ROWS = 2800
ROWS_82 = 25


def timed(label: str, action):
    queries: list[str] = []
    start = time.perf_counter()
    with connection.execute_wrapper(lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)):
        outcome = action()
    seconds = time.perf_counter() - start
    print(f"{label:<58} {seconds:>8.2f} {len(queries):>8}")
    return outcome


def run_import(content: bytes, *, commit: bool, close_absent: bool = False):
    result = import_table_file(NationalListResource(), content, dry_run=not commit, close_absent=close_absent)
    assert not result.spreadsheet.messages, result.spreadsheet.messages[:5]
    return result


def next_year(content: bytes) -> bytes:
    """The same file a year later: three structures of 82 with new Tuesday hours, one gone."""
    header, *rows = csv.reader(io.StringIO(content.decode("utf-8")))
    of_82 = [row for row in rows if row[header.index("insee_dep")] == "82"]
    for row in of_82[:3]:
        row[header.index("h_mardi")] = "08:30 - 12:00"
    rows.remove(of_82[-1])
    return national_csv([header, *rows])


def main():
    prepare_database()
    content = whole_country(TOTAL_ROWS, ROWS_82)
    print(
        f"Fichier : {len(content.splitlines()) - 1} lignes, {len(content) / 1024:.0f} Kio, "
        f"base {connection.vendor}"
    )
    print(f"{'étape':<58} {'secondes':>8} {'requêtes':>8}")
    preview = timed("1. aperçu, annuaire vide", lambda: run_import(content, commit=False))
    print("   " + summary(preview, committed=False))
    result = timed("1. import, annuaire vide", lambda: run_import(content, commit=True))
    print("   " + summary(result, committed=True))

    changed = next_year(content)
    timed("2. aperçu de l'année suivante (3 modifiées, 1 absente)", lambda: run_import(changed, commit=False))
    result = timed(
        "2. import de l'année suivante, absente fermée",
        lambda: run_import(changed, commit=True, close_absent=True),
    )
    print("   " + summary(result, committed=True))
    result = timed("3. même fichier à nouveau (rien ne change)", lambda: run_import(changed, commit=True))
    print("   " + summary(result, committed=True))

    Structure.objects.update(national_id="", status="labellisee")
    result = timed(
        "4. premier import, structures sans id_fs (commune + nom)", lambda: run_import(content, commit=True)
    )
    print("   " + summary(result, committed=True))
    exported = timed(
        "5. export au format national",
        lambda: national.export_csv(national.exported_structures(Structure.objects.all())),
    )
    print(f"   {len(exported.splitlines()) - 1} structures exportées")


if __name__ == "__main__":
    main()

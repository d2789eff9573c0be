"""Benchmark of the yearly refresh of the referents: one file of 1,000 referents, through the import.

Runs on a throw-away database (a temporary SQLite file, or the PostgreSQL database named by
BENCH_DATABASE_URL, which is emptied first) with 50 structures, 100 partners, 12 domains and 100
referent accounts (whose records the file names in its `compte` column). The file is read as the
admin reads an upload (`extranet.spreadsheets.imports.import_table_file`, CSV and XLSX), with a CCI
agent as the audit log's actor, and each step is timed as the admin runs it (a preview, then the
confirmation):

1. into an empty directory (1,000 new records);
2. the same file again (nothing changes, nothing is logged);
3. one cell changed on every row (1,000 updates);
4. the same file again, confirmed with « marquer comme vérifiées aujourd'hui » (1,000 stamps).

Prints the time of each step (the preview, the preview and confirmation together, and the CPU time of
the whole step), the rows by kind and the audit entries it wrote:

    .venv/bin/python benchmarks/referents_refresh.py
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_referents \
        .venv/bin/python benchmarks/referents_refresh.py
"""

import io
import time
from collections import Counter

from harness import prepare_database, setup_django

REFERENTS = 1_000
ACCOUNTS = 100
STRUCTURES = 50
PARTNERS = 100
DOMAINS = 12
LIMIT_SECONDS = 60

setup_django("referents_refresh")  # before the imports below: they need Django set up

from auditlog.context import set_actor  # noqa: E402
from auditlog.models import LogEntry  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from annuaire import affiliations  # noqa: E402
from annuaire.models import Commune, Domain, Partner, Referent, Structure  # noqa: E402
from annuaire.refresh.resources import ReferentResource  # noqa: E402
from extranet.enums import Role  # noqa: E402
from extranet.models import User  # noqa: E402
from extranet.spreadsheets.imports import import_table_file  # noqa: E402

HEADERS = [
    "partenaire",
    "nom",
    "fonction",
    "telephone",
    "email",
    "domaines",
    "structures",
    "territoire",
    "compte",
]


def populate() -> User:
    prepare_database()
    communes = [
        Commune.objects.create(insee_code=f"82{i:03d}", name=f"Commune {i}", postal_code="82000")
        for i in range(STRUCTURES)
    ]
    for i, commune in enumerate(communes):
        Structure.objects.create(name=f"France Services {i}", slug=f"fs-{i}", commune=commune)
    for i in range(PARTNERS):
        Partner.objects.create(name=f"Partenaire {i}", slug=f"p-{i}", is_national=i < 9)
    for i in range(DOMAINS):
        Domain.objects.create(name=f"Domaine {i}", slug=f"d-{i}")
    # Referent accounts: each gets its record when attached (annuaire.people), named as the account.
    for i in range(ACCOUNTS):
        user = User.objects.create_user(
            f"compte{i}@example.org", first_name="Compte", last_name=f"Numéro {i}", role=Role.REFERENT
        )
        affiliations.attach(user, Partner.objects.get(slug=f"p-{i % PARTNERS}"))
    return User.objects.create_user("cci@example.org", role=Role.ANIMATEUR, is_staff=True)


def rows(function: str) -> list[list[str]]:
    found = []
    for i in range(REFERENTS):
        account = i < ACCOUNTS
        found.append(
            [
                f"p-{i % PARTNERS}",
                f"Compte Numéro {i}" if account else f"Référent {i}",
                function,
                f"05 63 {i // 10000 % 100:02d} {i // 100 % 100:02d} {i % 100:02d}",
                f"referent{i}@example.org",
                f"d-{i % DOMAINS}, d-{(i + 1) % DOMAINS}",
                f"fs-{i % STRUCTURES}",
                "Tout le département" if i % 10 == 0 else "",
                f"compte{i}@example.org" if account else "",
            ]
        )
    return found


def csv_bytes(data: list[list[str]]) -> bytes:
    lines = [";".join(HEADERS), *(";".join(row) for row in data)]
    return "\r\n".join(lines).encode("utf-8")


def xlsx_bytes(data: list[list[str]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for row in data:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run(step: str, content: bytes, actor: User, **kwargs) -> None:
    entries = LogEntry.objects.count()
    start, cpu_start = time.perf_counter(), time.process_time()
    with set_actor(actor):
        preview = import_table_file(ReferentResource(), content, dry_run=True)
        preview_seconds = time.perf_counter() - start
        result = import_table_file(ReferentResource(), content, dry_run=False, user=actor, **kwargs)
    seconds = time.perf_counter() - start
    # The CPU time of this process (the database is in it with SQLite): on a loaded machine the wall
    # time mostly measures the other processes.
    cpu_seconds = time.process_time() - cpu_start
    assert not preview.has_errors() and not preview.has_validation_errors(), preview.spreadsheet.messages
    assert not result.has_errors() and not result.has_validation_errors(), result.spreadsheet.messages
    kinds = Counter(row.import_type for row in result.rows)
    written = LogEntry.objects.count() - entries
    # The limit is for the whole step (preview and confirmation). Judged on the CPU time too,
    # so that a machine busy with other work does not fail it; both are printed.
    if seconds < LIMIT_SECONDS:
        verdict = "ok"
    elif cpu_seconds < LIMIT_SECONDS:
        verdict = f"ok en temps CPU (machine chargée : {seconds:.0f} s écoulées)"
    else:
        verdict = f"TROP LENT (> {LIMIT_SECONDS} s)"
    print(
        f"{step:<44} {preview_seconds:>8.1f} {seconds:>8.1f} {cpu_seconds:>7.1f}  "
        f"{kinds['new']:>5} {kinds['update']:>5} {kinds['skip']:>5} {written:>7}  {verdict}"
    )


def main() -> None:
    actor = populate()
    print(
        f"Fichier de {REFERENTS} référents ({ACCOUNTS} avec compte), "
        f"{PARTNERS} partenaires, {STRUCTURES} structures"
    )
    print(
        f"{'étape':<44} {'aperçu s':>8} {'total s':>8} {'CPU s':>7}  "
        f"{'new':>5} {'maj':>5} {'inch.':>5} {'journal':>7}"
    )
    first = rows("Référent France Services")
    run("1. CSV dans un annuaire vide", csv_bytes(first), actor)
    run("2. CSV identique (rien ne change)", csv_bytes(first), actor)
    changed = rows("Conseiller référent")
    run("3. XLSX, une cellule changée par ligne", xlsx_bytes(changed), actor)
    run("4. XLSX identique, marqué vérifié ce jour", xlsx_bytes(changed), actor, mark_verified=True)
    assert Referent.objects.count() == REFERENTS
    assert Referent.objects.filter(verified_at__isnull=False).count() == REFERENTS
    # No duplicate: the accounts' records are the rows of the file that name them.
    assert Referent.objects.filter(user__isnull=False).count() == ACCOUNTS


if __name__ == "__main__":
    main()

"""Benchmark of news and files: catalogue, news list and search with 5,000 files and 2,000 news items.

Runs on a throw-away database (a temporary SQLite file, or the PostgreSQL database named by
BENCH_DATABASE_URL, which is emptied first) and prints the p50/p95 times and query counts:

    .venv/bin/python benchmarks/fichiers.py
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_fichiers \
        .venv/bin/python benchmarks/fichiers.py
"""

import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

DOCUMENTS = 5_000
NEWS = 2_000
RUNS = 20

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
workdir = tempfile.mkdtemp(prefix="bench-fichiers-")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "extranet.settings")
os.environ["DJANGO_TESTING"] = "1"  # test-like settings: no HTTPS redirect, "testserver" allowed
os.environ["DJANGO_MEDIA_ROOT"] = workdir

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from annuaire.models import Membership, Partner, Structure  # noqa: E402
from extranet.enums import Role  # noqa: E402
from extranet.models import User  # noqa: E402
from extranet.search import search_key  # noqa: E402
from fichiers.enums import DocumentCategory, NewsCategory  # noqa: E402
from fichiers.models import Document, FileVersion, News  # noqa: E402

WORDS = [
    "permanence", "retraite", "allocations", "logement", "impôts", "carte", "grise", "emploi", "formation",
    "numérique", "santé", "famille", "handicap", "énergie", "chèque", "transport", "jeunesse", "réunion",
    "comité", "préfecture", "département",
]  # fmt: skip


def _text(n: int, length: int) -> str:
    return " ".join(WORDS[(n * 7 + k * 3) % len(WORDS)] for k in range(length))


def populate():
    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    call_command("load_reference_data", verbosity=0)
    structures, partners = list(Structure.objects.all()), list(Partner.objects.all())
    author = User.objects.create(email="bench@example.org", role=Role.CONSEILLER, password="!")
    Membership.objects.create(user=author, structure=structures[0])
    categories, news_categories = list(DocumentCategory.values), list(NewsCategory.values)
    now = timezone.now()
    documents = Document.objects.bulk_create(
        Document(
            title=f"Document {n} {_text(n, 3)}",
            description=_text(n, 40),
            search_title=search_key(f"Document {n} {_text(n, 3)}"),
            search_body=search_key(_text(n, 40)),
            category=categories[n % len(categories)],
            year=2020 + n % 7,
            structure=structures[n % len(structures)] if structures else None,
            partner=partners[n % len(partners)] if partners and n % 2 else None,
            uploaded_by=author,
            created_at=now - dt.timedelta(hours=n),
        )
        for n in range(DOCUMENTS)
    )
    versions = FileVersion.objects.bulk_create(
        FileVersion(
            document=document,
            file=f"fichiers/bench/{n}.pdf",
            original_name=f"document-{n}.pdf",
            size=100_000 + n,
            content_type="application/pdf",
            sha256="0" * 64,
            uploaded_by=author,
        )
        for n, document in enumerate(documents)
    )
    for document, version in zip(documents, versions, strict=True):
        document.current_version = version
    Document.objects.bulk_update(documents, ["current_version"], batch_size=1000)
    News.objects.bulk_create(
        News(
            title=f"Actualité {n} {_text(n, 4)}",
            body=_text(n, 120),
            search_title=search_key(f"Actualité {n} {_text(n, 4)}"),
            search_body=search_key(_text(n, 120)),
            category=news_categories[n % len(news_categories)],
            structure=structures[n % len(structures)] if structures else None,
            author=author,
            published_at=now - dt.timedelta(hours=n * 3),
            is_pinned=n < 3,
        )
        for n in range(NEWS)
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # what autovacuum does soon after a bulk load in production
    return author


def measure(client: Client, url: str) -> tuple[float, float, int, int]:
    queries = []
    # Counted at the cursor: the request signals reset Django's own query log mid-request.
    with connection.execute_wrapper(lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)):
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    p95 = statistics.quantiles(times, n=20)[-1]
    return statistics.median(times), p95, len(queries), len(response.content)


def main():
    person = populate()
    client = Client()
    client.force_login(person)
    pages = {
        "Catalogue": reverse("fichiers:document_list"),
        "Catalogue p. 100": reverse("fichiers:document_list") + "?page=100",
        "Catalogue filtré": reverse("fichiers:document_list") + "?q=retraite&category=plaquette",
        "Actualités": reverse("fichiers:news_list"),
        "Actualités filtrées": reverse("fichiers:news_list") + "?q=sante&category=reseau",
        # A word found in nearly every row (the worst case: every match is ranked) and a rare one.
        "Recherche (fréquent)": reverse("search") + "?q=allocations+logement",
        "Recherche (rare)": reverse("search") + "?q=document+4242",
        "Recherche fichiers": reverse("search") + "?q=impots&source=fichiers&page=3",
        "Accueil": reverse("home"),
    }
    print(f"{connection.vendor}: {Document.objects.count()} fichiers, {News.objects.count()} actualités")
    print(f"{'page':<22} {'p50 (ms)':>9} {'p95 (ms)':>9} {'requêtes':>9} {'octets':>9}")
    for name, url in pages.items():
        p50, p95, queries, size = measure(client, url)
        print(f"{name:<22} {p50:>9.1f} {p95:>9.1f} {queries:>9} {size:>9}")


if __name__ == "__main__":
    main()

"""Benchmark of news and files: catalogue, news list and search with 5,000 files and 2,000 news items.

Runs on a throw-away database (a temporary SQLite file, or the PostgreSQL database named by
BENCH_DATABASE_URL, which is emptied first) and prints the p50/p95 times and query counts:

    .venv/bin/python benchmarks/fichiers.py
    BENCH_RUNS=50 .venv/bin/python benchmarks/fichiers.py
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_fichiers \
        .venv/bin/python benchmarks/fichiers.py
"""

import datetime as dt

from harness import (
    BYTES,
    P50,
    P95,
    QUERIES,
    analyze,
    prepare_database,
    print_table,
    runs_from_env,
    setup_django,
)

DOCUMENTS = 5_000
NEWS = 2_000
RUNS = runs_from_env(20)

# Temporary media: the benchmark's file versions point into it, never into the real media folder.
setup_django("fichiers", temporary_media=True)  # before the imports below: they need Django set up

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from annuaire.models import Membership, Partner, Structure  # noqa: E402
from extranet.enums import Role  # noqa: E402
from extranet.models import User  # noqa: E402
from extranet.search.text import search_key  # noqa: E402
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
    prepare_database()
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
            summary=News.summary_of(_text(n, 120)),
            category=news_categories[n % len(news_categories)],
            structure=structures[n % len(structures)] if structures else None,
            author=author,
            published_at=now - dt.timedelta(hours=n * 3),
            is_pinned=n < 3,
        )
        for n in range(NEWS)
    )
    analyze()
    return author


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
    print_table(client, pages, RUNS, [P50, P95, QUERIES, BYTES], label_width=22)


if __name__ == "__main__":
    main()

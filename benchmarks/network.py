"""Benchmark of the whole network: every app's volume in one database, then ten times it, side by side.

One unit of data is what each app's own benchmark uses (50 structures, 100 partners, 1,000 referents,
5,000 files, 2,000 news, 20,000 forum posts, 5,000 events and 50,000 registrations, 1,000
counsellors); the script loads one unit, measures the main pages, adds nine more units and measures
them again. Beside them, a bare page (login required, extends base.html, no query of its own, served
by this script's own URLconf, never by the product's) gives the cost of the stack alone. Each row
prints the p50 at ×1 and at ×10, their ratio, the cost at ×1 in bare pages, the query count and the
HTML size at both volumes:

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_network .venv/bin/python benchmarks/network.py
    BENCH_RUNS=40 BENCH_SCALE=10 ...      # defaults: 20 runs a page, ×10

Building ten units takes far longer than measuring them, and the measure wants an idle machine
while the build does not. So the two can be split: `build` fills one database with BENCH_SCALE
units, and with BENCH_LARGE_DATABASE_URL set the script builds nothing and measures the ×1 database
(BENCH_DATABASE_URL) and the larger one side by side, page by page:

    BENCH_SCALE=1 BENCH_DATABASE_URL=postgres://…/bench_x1 .venv/bin/python benchmarks/network.py build
    BENCH_SCALE=10 BENCH_DATABASE_URL=postgres://…/bench_x10 .venv/bin/python benchmarks/network.py build
    BENCH_DATABASE_URL=postgres://…/bench_x1 BENCH_LARGE_DATABASE_URL=postgres://…/bench_x10 \
        .venv/bin/python benchmarks/network.py

SQLite works too (without BENCH_DATABASE_URL) but says little: the figures that matter are
PostgreSQL's, where the search runs on its indexes.
"""

import datetime as dt
import os
import sys

import dj_database_url
from harness import analyze, measure, prepare_database, runs_from_env, setup_django

STRUCTURES = 50
PARTNERS = 100
REFERENTS = 1_000
PEOPLE = 1_000
DOCUMENTS = 5_000
NEWS = 2_000
TOPICS = 1_000
POSTS_PER_TOPIC = 20
EVENTS = 5_000
REGISTRATIONS_PER_EVENT = 10
RUNS = runs_from_env(20)
SCALE = int(os.environ.get("BENCH_SCALE", "10"))
LARGE_DATABASE_URL = os.environ.get("BENCH_LARGE_DATABASE_URL", "")
WORDS = [
    "allocation", "logement", "justificatif", "dossier", "prime", "activité", "retraite", "impôt",
    "carte", "grise", "permis", "santé", "emploi", "famille", "déclaration", "revenus",
]  # fmt: skip

setup_django("network", temporary_media=True)  # before the imports below: they need Django set up

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.shortcuts import render  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import include, path, reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from machina.apps.forum.models import Forum  # noqa: E402
from machina.apps.forum_conversation.models import Post, Topic  # noqa: E402

from annuaire.models import (  # noqa: E402
    Commune,
    Domain,
    Membership,
    OpeningHours,
    Partner,
    Referent,
    Structure,
)
from calendrier.enums import Audience, EventKind  # noqa: E402
from calendrier.models import Event, Registration  # noqa: E402
from extranet.enums import Role  # noqa: E402
from extranet.models import User  # noqa: E402
from extranet.search.models import SearchableText  # noqa: E402
from extranet.search.text import search_key  # noqa: E402
from fichiers.enums import DocumentCategory, NewsCategory  # noqa: E402
from fichiers.models import Document, FileVersion, News  # noqa: E402
from forum.models import PostSearchText  # noqa: E402
from forum.structure import sync_forums  # noqa: E402


def bare_page(request):
    return render(request, "base.html", {})


# The bare page lives in this script's URLconf only: the product has no such page.
urlpatterns = [path("bare/", bare_page, name="bench_bare"), path("", include(settings.ROOT_URLCONF))]
settings.ROOT_URLCONF = __name__


def _text(n: int, length: int) -> str:
    return " ".join(WORDS[(n * 7 + k * 3) % len(WORDS)] for k in range(length))


def _searchable(objects: list) -> list:
    """bulk_create skips save(), which fills the search text: fill it here the same way."""
    for obj in objects:
        if isinstance(obj, SearchableText):
            obj.refresh_search_text()
    return objects


def add_unit(unit: int, author: User, organiser: User) -> None:
    """One more unit of every app's data; `unit` numbers it, so that names stay unique."""
    now, today = timezone.now(), timezone.localdate()
    communes = Commune.objects.bulk_create(
        Commune(insee_code=f"9{unit:02d}{n:02d}", name=f"Commune {unit}-{n}", postal_code="82000")
        for n in range(STRUCTURES)
    )
    structures = Structure.objects.bulk_create(
        _searchable(
            [
                Structure(name=f"France Services {unit}-{n}", slug=f"fs-{unit}-{n}", commune=communes[n],
                          email=f"fs{unit}-{n}@example.org", phone="05 63 00 00 00")
                for n in range(STRUCTURES)
            ]
        )
    )  # fmt: skip
    partners = Partner.objects.bulk_create(
        _searchable(
            [
                Partner(name=f"Partenaire {unit}-{n}", acronym=f"P{unit}-{n}", slug=f"partenaire-{unit}-{n}")
                for n in range(PARTNERS)
            ]
        )
    )
    partners += list(Partner.objects.filter(is_national=True))
    domains = Domain.objects.bulk_create(
        Domain(name=f"Domaine {unit}-{n}", slug=f"domaine-{unit}-{n}") for n in range(12)
    )
    OpeningHours.objects.bulk_create(
        OpeningHours(structure=s, weekday=day, opens=dt.time(opens), closes=dt.time(closes))
        for s in structures
        for day in range(5)
        for opens, closes in ((9, 12), (13, 17))
    )
    Structure.partners.through.objects.bulk_create(
        Structure.partners.through(structure=s, partner=partners[(i + k) % len(partners)])
        for i, s in enumerate(structures)
        for k in range(12)
    )
    referents = Referent.objects.bulk_create(
        _searchable(
            [
                Referent(full_name=f"Référent {unit}-{n}", partner=partners[n % len(partners)],
                         function="Conseiller expert", phone="05 63 11 22 33",
                         email=f"referent{unit}-{n}@example.org",
                         territory="Tout le département" if n % 10 == 0 else "")
                for n in range(REFERENTS)
            ]
        )
    )  # fmt: skip
    Referent.domains.through.objects.bulk_create(
        Referent.domains.through(referent=r, domain=domains[n % len(domains)])
        for n, r in enumerate(referents)
    )
    Referent.structures.through.objects.bulk_create(
        Referent.structures.through(referent=r, structure=structures[n % len(structures)])
        for n, r in enumerate(referents)
        if n % 10
    )
    people = User.objects.bulk_create(
        User(email=f"conseiller{unit}-{n}@example.org", role=Role.CONSEILLER, password="!")
        for n in range(PEOPLE)
    )
    Membership.objects.bulk_create(
        Membership(user=p, structure=structures[n % len(structures)]) for n, p in enumerate(people)
    )

    documents = Document.objects.bulk_create(
        Document(
            title=f"Document {unit}-{n} {_text(n, 3)}",
            description=_text(n, 40),
            search_title=search_key(f"Document {unit}-{n} {_text(n, 3)}"),
            search_body=search_key(_text(n, 40)),
            category=DocumentCategory.values[n % len(DocumentCategory.values)],
            year=2020 + n % 7,
            structure=structures[n % len(structures)],
            partner=partners[n % len(partners)] if n % 2 else None,
            uploaded_by=author,
            created_at=now - dt.timedelta(minutes=n + unit * DOCUMENTS),
        )
        for n in range(DOCUMENTS)
    )
    versions = FileVersion.objects.bulk_create(
        FileVersion(document=d, file=f"fichiers/bench/{unit}-{n}.pdf", original_name=f"document-{n}.pdf",
                    size=100_000 + n, content_type="application/pdf", sha256="0" * 64, uploaded_by=author)
        for n, d in enumerate(documents)
    )  # fmt: skip
    for document, version in zip(documents, versions, strict=True):
        document.current_version = version
    Document.objects.bulk_update(documents, ["current_version"], batch_size=1000)
    News.objects.bulk_create(
        News(
            title=f"Actualité {unit}-{n} {_text(n, 4)}",
            body=_text(n, 120),
            search_title=search_key(f"Actualité {unit}-{n} {_text(n, 4)}"),
            search_body=search_key(_text(n, 120)),
            summary=News.summary_of(_text(n, 120)),
            category=NewsCategory.values[n % len(NewsCategory.values)],
            structure=structures[n % len(structures)],
            author=author,
            published_at=now - dt.timedelta(minutes=n * 3 + unit * NEWS * 3),
        )
        for n in range(NEWS)
    )

    forums = list(Forum.objects.filter(type=Forum.FORUM_POST).order_by("pk"))
    topics = Topic.objects.bulk_create(
        Topic(forum=forums[n % len(forums)], poster=people[n % PEOPLE], slug=f"question-{unit}-{n}",
              subject=f"Question {unit}-{n} : {_text(n, 3)}", type=Topic.TOPIC_POST,
              status=Topic.TOPIC_UNLOCKED, posts_count=POSTS_PER_TOPIC)
        for n in range(TOPICS)
    )  # fmt: skip
    posts = Post.objects.bulk_create(
        (
            Post(topic=t, poster=people[(n + i) % PEOPLE], subject=t.subject, content=_text(n + i, 30),
                 _content_rendered=f"<p>{_text(n + i, 30)}</p>",
                 created=now - dt.timedelta(days=n % 700, minutes=-i))
            for n, t in enumerate(topics)
            for i in range(POSTS_PER_TOPIC)
        ),
        batch_size=5000,
    )  # fmt: skip
    PostSearchText.objects.bulk_create(
        (PostSearchText(post=p, search_title=search_key(p.subject), search_body=search_key(p.content.raw))
         for p in posts),
        batch_size=5000,
    )  # fmt: skip
    # machina's trackers, in bulk: topic.update_trackers() per topic would take minutes at ×10.
    for n, topic in enumerate(topics):
        first, last = posts[n * POSTS_PER_TOPIC], posts[(n + 1) * POSTS_PER_TOPIC - 1]
        topic.first_post, topic.last_post, topic.last_post_on = first, last, last.created
    Topic.objects.bulk_update(topics, ["first_post", "last_post", "last_post_on"], batch_size=2000)

    first_day = today - dt.timedelta(days=180)
    events = Event.objects.bulk_create(
        Event(
            title=f"Événement {unit}-{n} {_text(n, 2)}",
            kind=EventKind.values[n % len(EventKind.values)],
            audience=Audience.EVERYONE,
            start_date=first_day + dt.timedelta(days=n * 720 // EVENTS),
            start_time=dt.time(9),
            end_date=first_day + dt.timedelta(days=n * 720 // EVENTS),
            end_time=dt.time(12),
            structure=structures[n % len(structures)],
            organiser=organiser,
            capacity=20,
        )
        for n in range(EVENTS)
    )
    Registration.objects.bulk_create(
        (
            Registration(event=e, user=people[(i * REGISTRATIONS_PER_EVENT + k) % PEOPLE])
            for i, e in enumerate(events)
            for k in range(REGISTRATIONS_PER_EVENT)
        ),
        batch_size=5000,
    )


def populate() -> tuple[User, User]:
    prepare_database()
    call_command("createcachetable", verbosity=0)
    call_command("load_reference_data", verbosity=0)
    sync_forums()
    author = User.objects.create(email="auteur@example.org", role=Role.ANIMATEUR, is_staff=True, password="!")
    organiser = User.objects.create(email="cci@example.org", role=Role.ANIMATEUR, is_staff=True, password="!")
    add_unit(0, author, organiser)
    person = User.objects.filter(role=Role.CONSEILLER).order_by("pk").first()
    return person, author


def pages(person: User) -> dict[str, str]:
    structure = Membership.objects.filter(user=person).get().structure
    today = timezone.localdate()
    return {
        "page nue": reverse("bench_bare"),
        "accueil": reverse("home"),
        "liste des structures": reverse("annuaire:structure_list"),
        "fiche structure": structure.get_absolute_url(),
        "Qui contacter ?": reverse("annuaire:referent_search"),
        "actualités": reverse("fichiers:news_list"),
        "catalogue": reverse("fichiers:document_list"),
        "mois du calendrier": reverse("calendrier:month", args=[today.year, today.month]),
        "recherche (mots fréquents)": reverse("search") + "?q=dossier+logement",
        "recherche, fichiers p. 3": reverse("search") + "?q=dossier+logement&source=fichiers&page=3",
    }


def volumes() -> str:
    return (
        f"{Structure.objects.count()} structures, {Referent.objects.count()} référents, "
        f"{Document.objects.count()} fichiers, {News.objects.count()} actualités, "
        f"{Post.objects.count()} messages, "
        f"{Event.objects.count()} événements, {Registration.objects.count()} inscriptions"
    )


def use_database(url: str) -> None:
    """Point Django's default connection at another prebuilt benchmark database."""
    connections["default"].close()
    parsed = dj_database_url.parse(url)
    settings_dict = connections["default"].settings_dict
    settings_dict.update({key: parsed[key] for key in ("NAME", "USER", "HOST", "PORT")})


def logged_in(person_email: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(email=person_email))
    return client


def build() -> None:
    """Fill BENCH_DATABASE_URL with BENCH_SCALE units, for a later side-by-side measure."""
    author, organiser = populate()[1], User.objects.get(email="cci@example.org")
    for unit in range(1, SCALE):
        add_unit(unit, author, organiser)
    analyze()
    print(f"{connection.vendor}, ×{SCALE}: {volumes()}")


def print_rows(urls: dict[str, str], small: dict, large: dict) -> None:
    bare = small["page nue"].p50
    heading = ["p50 ×1", f"p50 ×{SCALE}", "ratio", "×1/nue", "requêtes", "HTML ×1", f"HTML ×{SCALE}"]
    print(f"{'page':<28}" + "".join(f"{title:>10}" for title in heading))
    for label in urls:
        before, after = small[label], large[label]
        row = [
            f"{before.p50:.1f}",
            f"{after.p50:.1f}",
            f"{after.p50 / before.p50:.2f}",
            f"{before.p50 / bare:.1f}",
            f"{before.queries}/{after.queries}",
            f"{before.size / 1000:.0f} ko",
            f"{after.size / 1000:.0f} ko",
        ]
        print(f"{label:<28}" + "".join(f"{value:>10}" for value in row))
    print(f"charge de la machine (1, 5, 15 min) : {os.getloadavg()}")


def compare_prebuilt() -> None:
    """Measure the ×1 and the larger prebuilt databases page by page, alternating between them."""
    person = User.objects.filter(role=Role.CONSEILLER).order_by("pk").first()
    urls = pages(person)
    small_url = os.environ["DATABASE_URL"]
    print(f"{connection.vendor}, ×1: {volumes()}")
    small_client = logged_in(person.email)
    use_database(LARGE_DATABASE_URL)
    print(f"{connection.vendor}, ×{SCALE}: {volumes()}; {RUNS} passages par page")
    large_client = logged_in(person.email)
    small, large = {}, {}
    for label, url in urls.items():
        use_database(small_url)
        small[label] = measure(small_client, url, RUNS, warm_up=True)
        use_database(LARGE_DATABASE_URL)
        large[label] = measure(large_client, url, RUNS, warm_up=True)
    print_rows(urls, small, large)


def main():
    if sys.argv[1:] == ["build"]:
        build()
        return
    if LARGE_DATABASE_URL:
        compare_prebuilt()
        return
    person, author = populate()
    organiser = User.objects.get(email="cci@example.org")
    analyze()
    client = Client()
    client.force_login(person)
    urls = pages(person)
    print(f"{connection.vendor}, ×1: {volumes()}")
    small = {label: measure(client, url, RUNS, warm_up=True) for label, url in urls.items()}
    for unit in range(1, SCALE):
        add_unit(unit, author, organiser)
    analyze()
    print(f"{connection.vendor}, ×{SCALE}: {volumes()}; {RUNS} passages par page")
    large = {label: measure(client, url, RUNS, warm_up=True) for label, url in urls.items()}
    print_rows(urls, small, large)


if __name__ == "__main__":
    main()

"""Benchmark of the forum: 13 forums, 20,000 posts (975 topics of 20 posts and one of 500).

Runs on a throw-away database (a temporary SQLite file, or the PostgreSQL database named by
BENCH_DATABASE_URL, which is emptied first), requests the forum pages through django.test.Client as
the CAF referent, and prints the p50/p95 times and the query count:

    .venv/bin/python benchmarks/forum.py
    BENCH_RUNS=50 .venv/bin/python benchmarks/forum.py
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_forum .venv/bin/python benchmarks/forum.py
"""

import datetime as dt

from harness import P50, P95, QUERIES, analyze, prepare_database, print_table, runs_from_env, setup_django

POSTS = 20_000
LONG_TOPIC_POSTS = 500
POSTS_PER_TOPIC = 20
RUNS = runs_from_env(20)

setup_django("forum")  # before the imports below: they need Django set up

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from machina.apps.forum.models import Forum  # noqa: E402
from machina.apps.forum_conversation.models import Post, Topic  # noqa: E402

from annuaire.models import Commune, Membership, Partner, Structure  # noqa: E402
from annuaire.reference_data import load_reference_data  # noqa: E402
from extranet.enums import Role  # noqa: E402
from extranet.models import User  # noqa: E402
from extranet.search.text import search_key  # noqa: E402
from forum.links import topic_path  # noqa: E402
from forum.models import PartnerForum, PostSearchText, TopicAnswer  # noqa: E402
from forum.structure import sync_forums  # noqa: E402

WORDS = ["allocation", "logement", "justificatif", "dossier", "prime", "activité", "retraite", "impôt"]


def populate() -> tuple[User, Topic, Topic]:
    prepare_database()
    load_reference_data()
    sync_forums()
    caf = Partner.objects.get(slug="caf")
    referent = User.objects.create(email="referent@example.org", role=Role.REFERENT, password="!")
    Membership.objects.create(user=referent, partner=caf)
    counsellors = [
        User.objects.create(email=f"conseiller{n}@example.org", role=Role.CONSEILLER, password="!")
        for n in range(20)
    ]
    structure = Structure.objects.create(
        name="France Services 0", slug="fs-0", commune=Commune.objects.first()
    )
    Membership.objects.bulk_create(Membership(user=user, structure=structure) for user in counsellors)
    forums = list(Forum.objects.filter(type=Forum.FORUM_POST).order_by("pk"))
    partner_of = dict(PartnerForum.objects.values_list("forum_id", "partner_id"))

    now = timezone.now()
    topic_count = (POSTS - LONG_TOPIC_POSTS) // POSTS_PER_TOPIC + 1
    topics = Topic.objects.bulk_create(
        Topic(forum=forums[n % len(forums)], poster=counsellors[n % 20], slug=f"question-{n}",
              subject=f"Question {n} : {WORDS[n % len(WORDS)]}", type=Topic.TOPIC_POST,
              status=Topic.TOPIC_UNLOCKED)
        for n in range(topic_count)
    )  # fmt: skip
    long_topic = topics[0]
    posts = []
    for n, topic in enumerate(topics):
        for i in range(LONG_TOPIC_POSTS if topic is long_topic else POSTS_PER_TOPIC):
            text = f"Message {i} sur {WORDS[(n + i) % len(WORDS)]} et {WORDS[(n * i) % len(WORDS)]}."
            posts.append(
                Post(topic=topic, poster=referent if i % 3 == 1 else counsellors[(n + i) % 20],
                     subject=topic.subject, content=text, _content_rendered=f"<p>{text}</p>",
                     created=now - dt.timedelta(days=topic_count - n, minutes=-i))
            )  # fmt: skip
    Post.objects.bulk_create(posts, batch_size=2000)
    PostSearchText.objects.bulk_create(
        (PostSearchText(post=p, search_title=search_key(p.subject), search_body=search_key(p.content.raw))
         for p in posts),
        batch_size=2000,
    )  # fmt: skip
    TopicAnswer.objects.bulk_create(
        TopicAnswer(
            topic=t, partner_id=partner_of[t.forum_id], asked_at=now - dt.timedelta(days=topic_count - n)
        )
        for n, t in enumerate(topics)
        if t.forum_id in partner_of
    )
    for topic in topics:  # machina's counters and last posts
        topic.update_trackers()
    analyze()
    short_topic = topics[1]
    return referent, long_topic, short_topic


def main():
    referent, long_topic, short_topic = populate()
    client = Client()
    client.force_login(referent)
    caf_forum = Partner.objects.get(slug="caf").forum_link.forum
    pages = {
        "Accueil (panneau)": reverse("home"),
        "Index du forum": reverse("forum:index"),
        "Forum CAF (sujets)": reverse("forum:forum", args=[caf_forum.slug, caf_forum.pk]),
        "Sujet de 20 messages": topic_path(short_topic),
        "Sujet de 500, page 1": topic_path(long_topic),
        "Sujet de 500, page 34": topic_path(long_topic) + "?page=34",
        "Recherche (forum)": reverse("search") + "?q=justificatif+dossier&source=forum",
    }
    print(
        f"{connection.vendor}: {Forum.objects.count()} forums, {Topic.objects.count()} sujets, "
        f"{Post.objects.count()} messages; {RUNS} passages par page"
    )
    # Each page is visited once before it is measured: machina's read tracking writes on a first visit.
    print_table(client, pages, RUNS, [P50, P95, QUERIES], label_width=24, warm_up=True)


if __name__ == "__main__":
    main()

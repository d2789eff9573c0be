"""Prepare a load run: the network's data in PostgreSQL, and a logged-in session per simulated person.

Run by `make load` with the production settings and the load database in the environment. The data
is one unit of `benchmarks/network.py` (every app's benchmark volume). The sessions are written
straight into the session table, as a login would, so that the run never goes through the login
form: hundreds of logins from one address would trip the login rate limit, which is the point of it.
The session keys (and whose they are), with what each persona needs (a topic to reply to, an event to
register for), go to the JSON file named on the command line, which the locustfile reads.
"""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # benchmarks/: harness, network

import network  # noqa: E402  (sets Django up, on the database named by BENCH_DATABASE_URL)
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.urls import reverse  # noqa: E402
from machina.apps.forum_conversation.models import Topic  # noqa: E402

from annuaire import affiliations  # noqa: E402
from annuaire.models import Partner, Structure  # noqa: E402
from calendrier.models import Event  # noqa: E402
from extranet.enums import Role  # noqa: E402
from extranet.models import User  # noqa: E402
from forum.links import topic_path  # noqa: E402
from forum.models import PartnerForum  # noqa: E402

PEOPLE_PER_PERSONA = 60
BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


def session_for(user: User) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = BACKEND
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def people(role: str, count: int, attached_to=None) -> list[User]:
    users = User.objects.bulk_create(
        User(email=f"charge-{role}-{n}@example.org", role=role, first_name="Charge", last_name=str(n))
        for n in range(count)
    )
    for user in users:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        if attached_to is not None:
            affiliations.attach(user, attached_to)
    return users


def main(output: Path) -> None:
    network.populate()
    network.analyze()
    structure = Structure.objects.filter(slug__startswith="fs-0-").order_by("pk").first()
    caf = Partner.objects.get(slug="caf")
    caf_forum = PartnerForum.objects.get(partner=caf).forum
    forum_topics = list(Topic.objects.filter(forum=caf_forum).select_related("forum").order_by("-pk")[:50])
    topics = [
        (topic_path(t), reverse("forum_conversation:post_create", kwargs={
            "forum_slug": t.forum.slug, "forum_pk": t.forum_id, "topic_slug": t.slug, "topic_pk": t.pk}))
        for t in forum_topics
    ]  # fmt: skip
    events = [
        (e.get_absolute_url(), reverse("calendrier:event_register", args=[e.pk]), e.pk)
        for e in Event.objects.upcoming().order_by("start_date")[:200]
    ]
    personas = {
        "conseiller": people(Role.CONSEILLER, PEOPLE_PER_PERSONA, structure),
        "referent": people(Role.REFERENT, PEOPLE_PER_PERSONA, caf),
        "pilotage": people(Role.PILOTAGE, PEOPLE_PER_PERSONA // 4),
        "cci": people(Role.ANIMATEUR, PEOPLE_PER_PERSONA // 4),
    }
    for user in personas["cci"]:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    # Three referents follow each topic, as those who answered it would: a reply sends them e-mails.
    Topic.subscribers.through.objects.bulk_create(
        Topic.subscribers.through(topic=topic, user=personas["referent"][(3 * n + k) % PEOPLE_PER_PERSONA])
        for n, topic in enumerate(forum_topics)
        for k in range(3)
    )
    sessions = {name: {session_for(u): u.pk for u in users} for name, users in personas.items()}
    plan = {
        "sessions": {name: list(keys) for name, keys in sessions.items()},
        # Who each session is, for the fault drill's check of the registrations it was told of.
        "people": {key: pk for keys in sessions.values() for key, pk in keys.items()},
        "structure": structure.get_absolute_url(),
        "upload": reverse("fichiers:document_create"),
        "partner": caf.get_absolute_url(),
        "topics": topics,
        "events": events,
    }
    output.write_text(json.dumps(plan, indent=1))
    print(f"{network.volumes()}; sessions: " + ", ".join(f"{k} {len(v)}" for k, v in sessions.items()))


if __name__ == "__main__":
    main(Path(sys.argv[1]))

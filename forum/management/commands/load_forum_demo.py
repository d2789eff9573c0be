"""Demo forum (invented questions and answers): the forums, then a few topics by the demo accounts.

Refused when DEBUG is off, like `load_demo`, whose accounts it uses (run `load_demo` first). Running it
twice changes nothing the second time: topics are found again by their subject.
"""

import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from machina.apps.forum_conversation.models import Post, Topic

from extranet.models import User
from forum import answers
from forum.models import NetworkForumKey, PartnerForum, TopicAnswer
from forum.structure import network_forum, sync_forums

CAMILLE = "camille.martin@example.org"  # counsellor
LUCAS = "lucas.bernard@example.org"  # counsellor
SOPHIE = "sophie.durand@example.org"  # CAF referent
JULIEN = "julien.petit@example.org"  # CPAM referent
CLAIRE = "claire.roux@example.org"  # CCI

# (forum: partner slug or network key, subject, days ago, [(author, text), …]); all invented.
TOPICS = [
    (
        NetworkForumKey.NETWORK_LIFE,
        "Bienvenue sur le forum du réseau",
        10,
        [
            (
                CLAIRE,
                "Ce forum remplace les échanges par courriel. **Pas de données personnelles d'usagers** ici.",
            )
        ],
    ),
    (
        "caf",
        "Prime d'activité : quels justificatifs pour un travail saisonnier ?",
        6,
        [
            (CAMILLE, "Une personne (situation anonymisée) alterne saisons et chômage. Que déclarer ?"),
            (
                SOPHIE,
                "Déclarer les revenus du trimestre tels qu'ils sont perçus ; voir la fiche du site caf.fr.",
            ),
            (CAMILLE, "Merci, c'est clair."),
        ],
    ),
    (
        "caf",
        "Changement de situation familiale : délai de prise en compte",
        5,
        [(LUCAS, "Combien de temps pour qu'une séparation déclarée en ligne soit prise en compte ?")],
    ),
    (
        "cpam",
        "Complémentaire santé solidaire : renouvellement",
        1,
        [(CAMILLE, "Le renouvellement se fait-il automatiquement pour les bénéficiaires du RSA ?")],
    ),
    (
        NetworkForumKey.MUTUAL_HELP,
        "Accueil sur rendez-vous ou sans rendez-vous ?",
        3,
        [
            (LUCAS, "Comment organisez-vous les matinées sans rendez-vous ?"),
            (CAMILLE, "Nous gardons le mardi matin sans rendez-vous, le reste sur rendez-vous."),
        ],
    ),
]


class Command(BaseCommand):
    help = "Crée les forums et quelques sujets de démonstration (fictifs). Refusé hors DEBUG."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Données de démonstration refusées : DEBUG est désactivé.")
        # The demo conversations are history, not news: nobody is e-mailed about them (and the demo
        # logins printed by `load_demo` do not scroll away under a screenful of notifications).
        dummy_mail = override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")
        with dummy_mail, transaction.atomic():
            self._load()

    def _load(self):
        sync_forums()
        people = {
            user.email: user
            for user in User.objects.filter(email__in=[CAMILLE, LUCAS, SOPHIE, JULIEN, CLAIRE])
        }
        if len(people) < 5:
            raise CommandError("Comptes de démonstration absents : lancez d'abord `manage.py load_demo`.")
        created = 0
        for where, subject, days_ago, posts in TOPICS:
            if isinstance(where, NetworkForumKey):
                forum = network_forum(where)
            else:
                forum = PartnerForum.objects.get(partner__slug=where).forum
            if Topic.objects.filter(forum=forum, subject=subject).exists():
                continue
            self._create_topic(forum, subject, timezone.now() - dt.timedelta(days=days_ago), posts, people)
            created += 1
        self.stdout.write(f"Forum de démonstration : {created} sujet(s) créé(s).")

    def _create_topic(self, forum, subject, asked_at, posts, people):
        topic = Topic.objects.create(
            forum=forum,
            poster=people[posts[0][0]],
            subject=subject,
            type=Topic.TOPIC_POST,
            status=Topic.TOPIC_UNLOCKED,
        )
        for index, (author, text) in enumerate(posts):
            post = Post.objects.create(
                topic=topic,
                poster=people[author],
                subject=subject if not index else f"Re : {subject}",
                content=text,
            )
            # Back-date the conversation (a few hours between messages) so that delays look real.
            Post.objects.filter(pk=post.pk).update(created=asked_at + dt.timedelta(hours=5 * index))
        # The clock starts at the back-dated question and stops at the first answer among the replies.
        TopicAnswer.objects.filter(topic=topic).update(
            asked_at=asked_at, first_answer_at=None, first_answer_by=None, delay_hours=None
        )
        for reply in topic.posts.order_by("created")[1:]:
            answers.record_reply(reply)
        # The topic's own date too, or the topic would look newer than its first message.
        Topic.objects.filter(pk=topic.pk).update(created=asked_at)
        topic.refresh_from_db()
        topic.update_trackers()

"""Our records around machina's forums: which forum belongs to which partner, the answer delays and
each person's e-mail preferences."""

import statistics
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.db.models import Count, Sum

from annuaire.affiliations import Affiliations
from annuaire.models import Partner
from extranet.search.models import SearchableText, search_index


class NetworkForumKey(models.TextChoices):
    PARTNERS = "partners", "Questions aux partenaires"
    NETWORK = "network", "Le réseau"
    NETWORK_LIFE = "network_life", "Vie du réseau"
    MUTUAL_HELP = "mutual_help", "Entraide entre conseillers"


class NetworkForum(models.Model):
    """The forums and categories that belong to no partner, found again by key even once renamed."""

    key = models.CharField("rôle", max_length=30, choices=NetworkForumKey.choices, unique=True)
    forum = models.OneToOneField("forum.Forum", on_delete=models.CASCADE, related_name="network_forum")

    class Meta:
        verbose_name = "forum du réseau"
        verbose_name_plural = "forums du réseau"

    def __str__(self):
        return self.get_key_display()


class PartnerForum(models.Model):
    """The forum where counsellors put their questions to one partner, and the group of its referents."""

    partner = models.OneToOneField(
        Partner, on_delete=models.CASCADE, related_name="forum_link", verbose_name="partenaire"
    )
    forum = models.OneToOneField(
        "forum.Forum", on_delete=models.PROTECT, related_name="partner_link", verbose_name="forum"
    )
    referents_group = models.OneToOneField(
        Group, on_delete=models.PROTECT, related_name="partner_forum", verbose_name="groupe des référents"
    )

    class Meta:
        verbose_name = "forum d'un partenaire"
        verbose_name_plural = "forums des partenaires"
        ordering = ["partner__name"]

    def __str__(self):
        return f"{self.partner} — {self.forum}"


@dataclass(frozen=True)
class QuarterRow:
    partner: Partner
    topics: int
    replies: int
    answered: int
    median_delay_hours: float | None
    answered_in_time_share: float | None  # 0..1, of the questions asked in the quarter


class TopicAnswerQuerySet(models.QuerySet):
    def awaiting(self):
        return self.filter(first_answer_at__isnull=True, topic__approved=True)

    def for_partners_of(self, user):
        return self.filter(partner__in=Affiliations.of(user).partner_ids)

    def in_quarter(self, year: int, quarter: int):
        return self.filter(asked_at__year=year, asked_at__quarter=quarter)

    def quarter_report(self, year: int, quarter: int) -> list[QuarterRow]:
        """Per partner, for questions asked in the quarter: topics, replies, median first-answer delay
        (working hours) and share answered within the charter's delay (of all questions asked)."""
        limit = settings.FORUM_ANSWER_DELAY_HOURS
        answers = self.in_quarter(year, quarter).filter(topic__approved=True)
        delays: dict[int, list[float]] = {}
        for partner_id, delay in answers.filter(delay_hours__isnull=False).values_list(
            "partner_id", "delay_hours"
        ):
            delays.setdefault(partner_id, []).append(delay)
        counts = answers.values("partner_id").annotate(
            topics=Count("pk"),
            # posts_count counts the opening post too.
            replies=Sum("topic__posts_count") - Count("pk"),
        )
        partners = Partner.objects.in_bulk([row["partner_id"] for row in counts])
        rows = []
        for row in counts:
            partner_delays = delays.get(row["partner_id"], [])
            rows.append(
                QuarterRow(
                    partner=partners[row["partner_id"]],
                    topics=row["topics"],
                    replies=row["replies"],
                    answered=len(partner_delays),
                    median_delay_hours=statistics.median(partner_delays) if partner_delays else None,
                    answered_in_time_share=sum(d <= limit for d in partner_delays) / row["topics"],
                )
            )
        return sorted(rows, key=lambda r: r.partner.name)


class TopicAnswer(models.Model):
    """When a question put to a partner was asked and first answered by that partner (or the CCI)."""

    topic = models.OneToOneField(
        "forum_conversation.Topic", on_delete=models.CASCADE, related_name="answer", verbose_name="sujet"
    )
    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="forum_answers", verbose_name="partenaire"
    )
    asked_at = models.DateTimeField("posée le", db_index=True)
    first_answer_at = models.DateTimeField("première réponse le", null=True, blank=True)
    first_answer_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="première réponse par",
    )
    # Working hours between the question and the first answer, kept so that reports need no calendar.
    delay_hours = models.FloatField("délai de réponse (heures ouvrées)", null=True, blank=True)

    objects = TopicAnswerQuerySet.as_manager()

    class Meta:
        verbose_name = "délai de réponse"
        verbose_name_plural = "délais de réponse"
        ordering = ["asked_at"]
        indexes = [models.Index(fields=["partner", "first_answer_at"], name="forum_answer_partner_idx")]

    def __str__(self):
        return str(self.topic)


class NotificationPreference(models.Model):
    """What forum e-mails a person accepts; no row means both kinds (the default)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="forum_preference",
        verbose_name="personne",
    )
    new_topics = models.BooleanField(
        "nouvelles questions posées à mon partenaire",
        default=True,
        help_text="Référents : un e-mail à chaque question posée dans le forum de leur partenaire.",
    )
    replies = models.BooleanField(
        "réponses aux sujets que je suis",
        default=True,
        help_text="Un e-mail à chaque réponse dans un sujet que j'ai ouvert ou auquel j'ai répondu.",
    )

    class Meta:
        verbose_name = "préférence de notification du forum"
        verbose_name_plural = "préférences de notification du forum"

    def __str__(self):
        return str(self.user)

    @classmethod
    def opted_out(cls, field: str) -> models.QuerySet:
        """Ids of the people who turned off e-mails of kind `field` ("new_topics" or "replies")."""
        return cls.objects.filter(**{field: False}).values("user_id")


class PostSearchText(SearchableText):
    """The accent-free copy of a post that the site-wide search looks into (see `extranet.search`)."""

    post = models.OneToOneField(
        "forum_conversation.Post",
        on_delete=models.CASCADE,
        related_name="search_text",
        verbose_name="message",
    )

    class Meta:
        verbose_name = "texte de recherche d'un message"
        verbose_name_plural = "textes de recherche des messages"
        ordering = ["-post__created"]
        indexes = [search_index("forum_post_search_idx")]

    def __str__(self):
        return str(self.post)

    def text_for_search(self) -> tuple[str, str]:
        return self.post.subject, self.post.content.raw

    @classmethod
    def index(cls, post) -> None:
        entry = cls.objects.filter(post=post).first() or cls(post=post)
        entry.save()

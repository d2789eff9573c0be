"""The usage report's models: the monthly aggregates of folded usage, and the questionnaires.

Kept apart from the quarterly reports' models (`reporting/models.py` imports them, so Django finds
them in the `reporting` app).
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from extranet.enums import Role


class MonthlyUsageQuerySet(models.QuerySet):
    def in_year(self, year: int):
        return self.filter(month__year=year)


class MonthlyUsage(models.Model):
    """One month of use by one group of people (a role and a structure or partner), once the per-person
    daily rows of that month have been folded into it and deleted (`reporting/retention.py`).

    It lives here, not beside `DailyUsage` in the core: it names structures and partners, which the
    core does not know (docs/decisions.md, « Usage report: retention »).
    """

    month = models.DateField("mois", help_text="Le premier jour du mois.")
    role = models.CharField("rôle", max_length=20, choices=Role.choices)
    structure = models.ForeignKey(
        "annuaire.Structure",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="structure",
    )
    partner = models.ForeignKey(
        "annuaire.Partner",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="partenaire",
    )
    logins = models.PositiveIntegerField("connexions", default=0)
    page_views = models.PositiveIntegerField("pages vues", default=0)
    downloads = models.PositiveIntegerField("téléchargements", default=0)
    active_people = models.PositiveIntegerField("personnes actives dans le mois", default=0)
    # People whose last active month of the year this is: the year's distinct people add up from it
    # (reporting/usage.py says why).
    last_active_people = models.PositiveIntegerField(
        "personnes actives pour la dernière fois de l'année", default=0
    )

    objects = MonthlyUsageQuerySet.as_manager()

    class Meta:
        verbose_name = "usage mensuel agrégé"
        verbose_name_plural = "usage mensuel agrégé"
        ordering = ["-month", "role"]
        indexes = [models.Index(fields=["month"], name="monthly_usage_month_idx")]

    def __str__(self):
        return f"{self.month:%m/%Y} — {self.get_role_display()} — {self.structure or self.partner or '—'}"


# --- Satisfaction and evaluation questionnaires ------------------------------------------------------


class QuestionnaireKind(models.TextChoices):
    MEMBERS = "membres", "Évaluation de l'extranet par ses membres"
    USER_SURVEY = "usagers", "Enquête de satisfaction des usagers d'une structure"


class QuestionKind(models.TextChoices):
    SCALE = "echelle", "Échelle de 1 à 5"
    CHOICE = "choix", "Choix dans une liste"
    TEXT = "texte", "Texte libre"


SCALE_VALUES = ("1", "2", "3", "4", "5")


class QuestionnaireQuerySet(models.QuerySet):
    def members(self):
        return self.filter(kind=QuestionnaireKind.MEMBERS)

    def user_surveys(self):
        return self.filter(kind=QuestionnaireKind.USER_SURVEY)

    def open_on(self, day):
        return self.filter(kind=QuestionnaireKind.MEMBERS, opens_on__lte=day, closes_on__gte=day)

    def in_year(self, year: int):
        return self.filter(closes_on__year=year)


class Questionnaire(models.Model):
    """A questionnaire the CCI opens for a period (its questions are set in the admin).

    Members answer an evaluation of the extranet once each, anonymously (`Response`); a users'
    satisfaction survey is asked by each structure to its own public, which records the results of
    the year as figures (`StructureSurvey`).
    """

    title = models.CharField("titre", max_length=200)
    kind = models.CharField(
        "type", max_length=20, choices=QuestionnaireKind.choices, default=QuestionnaireKind.MEMBERS
    )
    introduction = models.TextField("introduction", blank=True)
    opens_on = models.DateField("ouvert du")
    closes_on = models.DateField("au")

    objects = QuestionnaireQuerySet.as_manager()

    class Meta:
        verbose_name = "questionnaire"
        verbose_name_plural = "questionnaires"
        ordering = ["-closes_on", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("reporting:questionnaire_answer", args=[self.pk])

    def clean(self):
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": "La fin de la période doit suivre son début."})

    @property
    def anchor(self) -> str:
        """A prefix for the element ids of its results on a page."""
        return f"questionnaire-{self.pk}"

    def is_open(self, day) -> bool:
        return self.kind == QuestionnaireKind.MEMBERS and self.opens_on <= day <= self.closes_on

    def has_answered(self, user) -> bool:
        return self.participations.filter(user=user).exists()


class Question(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="questions", verbose_name="questionnaire"
    )
    position = models.PositiveSmallIntegerField("ordre", default=0)
    text = models.CharField("question", max_length=300)
    kind = models.CharField(
        "type de réponse", max_length=10, choices=QuestionKind.choices, default=QuestionKind.SCALE
    )
    choices = models.TextField(
        "choix proposés", blank=True, help_text="Pour une question à choix : un choix par ligne."
    )
    required = models.BooleanField("réponse obligatoire", default=True)

    class Meta:
        verbose_name = "question"
        verbose_name_plural = "questions"
        ordering = ["questionnaire", "position", "pk"]

    def __str__(self):
        return self.text

    def clean(self):
        if self.kind == QuestionKind.CHOICE and len(self.options) < 2:
            raise ValidationError(
                {"choices": "Une question à choix propose au moins deux choix, un par ligne."}
            )

    @property
    def options(self) -> tuple[str, ...]:
        """What can be answered and counted: 1 to 5, or the choices; nothing for free text."""
        if self.kind == QuestionKind.SCALE:
            return SCALE_VALUES
        if self.kind == QuestionKind.CHOICE:
            return tuple(line.strip() for line in self.choices.splitlines() if line.strip())
        return ()


class Participation(models.Model):
    """That a person has answered a questionnaire — and nothing else: no date, no link to the answers
    (docs/decisions.md, « Questionnaires: anonymous answers »)."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="participations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = "participation"
        verbose_name_plural = "participations"
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "user"], name="participation_unique_questionnaire_user"
            )
        ]

    def __str__(self):
        return f"{self.user} — {self.questionnaire}"


def _random_key() -> uuid.UUID:
    return uuid.uuid4()


class Response(models.Model):
    """One member's answers, with no account, no date and a random key (its order of creation cannot be
    told from its key)."""

    id = models.UUIDField(primary_key=True, default=_random_key, editable=False)
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="responses")

    class Meta:
        verbose_name = "réponse anonyme"
        verbose_name_plural = "réponses anonymes"

    def __str__(self):
        return f"Réponse anonyme — {self.questionnaire}"


class Answer(models.Model):
    id = models.UUIDField(primary_key=True, default=_random_key, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    # The option chosen (« 1 »…« 5 » or a choice's text), or the free text.
    value = models.TextField("réponse")

    class Meta:
        verbose_name = "réponse à une question"
        verbose_name_plural = "réponses aux questions"

    def __str__(self):
        return self.value[:50]


class StructureSurvey(models.Model):
    """A structure's users' satisfaction survey of one year, as figures: for each question, how many
    users gave each answer (and a summary of the free texts)."""

    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.PROTECT,
        related_name="structure_surveys",
        limit_choices_to={"kind": QuestionnaireKind.USER_SURVEY},
        verbose_name="questionnaire",
    )
    structure = models.ForeignKey(
        "annuaire.Structure", on_delete=models.CASCADE, related_name="+", verbose_name="structure"
    )
    year = models.PositiveSmallIntegerField("année")
    respondents = models.PositiveIntegerField("usagers ayant répondu")
    # {question id (text): {option: count}}; free-text questions: {question id: "summary"}.
    figures = models.JSONField("résultats", default=dict)
    updated_at = models.DateTimeField("mis à jour le", auto_now=True)

    class Meta:
        verbose_name = "enquête de satisfaction d'une structure"
        verbose_name_plural = "enquêtes de satisfaction des structures"
        ordering = ["-year", "structure"]
        constraints = [
            models.UniqueConstraint(
                fields=["structure", "year"], name="structure_survey_unique_structure_year"
            )
        ]

    def __str__(self):
        return f"{self.structure} — {self.year}"

    @property
    def anchor(self) -> str:
        return f"enquete-{self.pk}"

"""Trainings followed by the agents of the structures: the charter's « agents formés » counts them."""

from django.conf import settings
from django.db import models


class TrainingQuerySet(models.QuerySet):
    def trained_person_ids(self, people) -> set[int]:
        return set(self.filter(person__in=people).values_list("person_id", flat=True))


class Training(models.Model):
    """An initial France Services training a person followed.

    Recorded by the CCI in the admin for someone trained elsewhere (date and organisation), or kept by
    the calendar when the person is marked present at an event of kind « formation initiale »
    (`source_key` then names that attendance, and the record goes if the attendance is withdrawn).
    """

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trainings", verbose_name="personne"
    )
    trained_on = models.DateField("date de la formation")
    organisation = models.CharField("organisme de formation", max_length=150)
    source_key = models.CharField(
        "origine",
        max_length=60,
        blank=True,
        default="",
        editable=False,
        help_text="Vide pour une formation saisie par la CCI ; sinon la présence relevée dans le calendrier.",
    )
    created_at = models.DateTimeField("enregistrée le", auto_now_add=True)

    objects = TrainingQuerySet.as_manager()

    class Meta:
        app_label = "annuaire"
        verbose_name = "formation initiale suivie"
        verbose_name_plural = "formations initiales suivies"
        ordering = ["-trained_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_key"], condition=~models.Q(source_key=""), name="training_unique_source"
            )
        ]

    def __str__(self):
        return f"{self.person} — {self.organisation} ({self.trained_on:%d/%m/%Y})"

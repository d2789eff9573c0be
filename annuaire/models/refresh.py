"""What the refresh reminders sent, so that a daily run does not send the same reminder twice.

Kept out of `annuaire/models.py` (the directory itself); `AnnuaireConfig.ready()` imports it.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class RefreshReminderQuerySet(models.QuerySet):
    def about(self, record):
        return self.filter(content_type=ContentType.objects.get_for_model(record), object_id=record.pk)

    def sent_since(self, moment):
        return self.filter(sent_at__gte=moment)


class RefreshReminder(models.Model):
    """One reminder e-mail sent to one person about one record (structure, partner or referent)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="refresh_reminders",
        verbose_name="destinataire",
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name="type de fiche")
    object_id = models.PositiveBigIntegerField("identifiant de la fiche")
    record = GenericForeignKey("content_type", "object_id")
    sent_at = models.DateTimeField("envoyé le", default=timezone.now, db_index=True)

    objects = RefreshReminderQuerySet.as_manager()

    class Meta:
        app_label = "annuaire"
        verbose_name = "rappel de vérification"
        verbose_name_plural = "rappels de vérification"
        ordering = ["-sent_at"]
        indexes = [models.Index(fields=["content_type", "object_id", "user"], name="refresh_reminder_lookup")]

    def __str__(self):
        return f"{self.user} — {self.content_type.name} n° {self.object_id} ({self.sent_at:%d/%m/%Y})"

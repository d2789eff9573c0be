"""Changes of a structure's weekly opening hours: the notice on its page and the partners' e-mail.

One `HoursChange` is one change set — one edit of the structure form, one save in the admin, one
refresh import — for one structure, recorded only when the week differs before and after. The
week is kept as it was and as it became (`[[weekday, "09:00", "12:00"], …]`), so the page and
the e-mail can say what changed day by day without reading the audit log.

Written by `annuaire.hours_changes`; exceptional closures are not part of the week and never make one.
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

from annuaire.enums import Weekday
from annuaire.models.directory import Structure
from extranet.typography import format_time_range

# How long the structure page shows « Horaires modifiés le … ».
NOTICE_DAYS = 30

Week = list[list]  # [[weekday, "HH:MM", "HH:MM"], …] in day and time order


def week_of(ranges) -> Week:
    """The canonical form of opening ranges (model instances or anything with weekday/opens/closes)."""
    return sorted([r.weekday, f"{r.opens:%H:%M}", f"{r.closes:%H:%M}"] for r in ranges)


def describe_day(week: Week, weekday: int) -> str:
    """ "9 h – 12 h et 14 h – 17 h", or "fermé"."""
    ranges = [
        format_time_range(dt.time.fromisoformat(opens), dt.time.fromisoformat(closes))
        for day, opens, closes in week
        if day == weekday
    ]
    return " et ".join(ranges) or "fermé"


class HoursChangeQuerySet(models.QuerySet):
    def recent(self, now: dt.datetime | None = None):
        """The changes still shown on their structure's page."""
        now = now or timezone.now()
        return self.filter(changed_at__gte=now - dt.timedelta(days=NOTICE_DAYS))


class HoursChange(models.Model):
    """A structure's week of opening hours before and after one change set."""

    structure = models.ForeignKey(
        Structure, on_delete=models.CASCADE, related_name="hours_changes", verbose_name="structure"
    )
    changed_at = models.DateTimeField("modifiés le", default=timezone.now, db_index=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="modifiés par",
    )
    before = models.JSONField("horaires avant", default=list)
    after = models.JSONField("horaires après", default=list)

    objects = HoursChangeQuerySet.as_manager()

    class Meta:
        verbose_name = "changement d'horaires"
        verbose_name_plural = "changements d'horaires"
        ordering = ["-changed_at"]

    def __str__(self):
        return f"{self.structure} — {timezone.localtime(self.changed_at):%d/%m/%Y}"

    def days(self) -> list[tuple[str, str, str]]:
        """Each day whose hours changed: (day, before, after), e.g. ("mardi", "9 h – 12 h", "fermé")."""
        return [
            (day.label, describe_day(self.before, day), describe_day(self.after, day))
            for day in Weekday
            if describe_day(self.before, day) != describe_day(self.after, day)
        ]


class NotificationPreference(models.Model):
    """Whether a referent or the CCI wants the directory's e-mails; no row means yes."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="directory_preference",
        verbose_name="personne",
    )
    hours_changes = models.BooleanField(
        "changements d'horaires des structures",
        default=True,
        help_text=(
            "Un e-mail quand une structure où votre partenaire est présent change ses horaires "
            "d'ouverture (la CCI les reçoit pour tout le réseau)."
        ),
    )

    class Meta:
        verbose_name = "préférence d'e-mail de l'annuaire"
        verbose_name_plural = "préférences d'e-mail de l'annuaire"

    def __str__(self):
        return str(self.user)

    @classmethod
    def opted_out(cls, field_name: str):
        """The ids of the people who turned the `field_name` e-mail off, as a subquery."""
        return cls.objects.filter(**{field_name: False}).values("user")

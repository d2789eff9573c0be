"""When structures are open and partners hold their permanences."""

import datetime as dt
from collections.abc import Iterator

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Prefetch, Q, Value
from django.db.models.functions import Coalesce

from annuaire.enums import Recurrence, Weekday
from annuaire.models.directory import Partner, Structure
from extranet.typography import format_date_range, format_time_range


def _check_time_order(start: dt.time | None, end: dt.time | None, end_field: str) -> None:
    if start and end and start >= end:
        raise ValidationError({end_field: "L'heure de fin doit être postérieure à l'heure de début."})


class OpeningHours(models.Model):
    """One opening time range of a structure on a weekday; a day may have several (morning, afternoon)."""

    structure = models.ForeignKey(
        Structure, on_delete=models.CASCADE, related_name="opening_hours", verbose_name="structure"
    )
    weekday = models.PositiveSmallIntegerField("jour", choices=Weekday.choices)
    opens = models.TimeField("ouverture")
    closes = models.TimeField("fermeture")

    class Meta:
        verbose_name = "plage d'ouverture"
        verbose_name_plural = "horaires d'ouverture"
        ordering = ["structure", "weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens__lt=F("closes")), name="opening_hours_opens_before_closes"
            )
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.time_range()}"

    def clean(self):
        # Overlaps are a property of the whole set of a structure's ranges, not of one row: the
        # formset (or an import) checks them with `first_overlap()` once every row is known, so that
        # replacing 9 h – 12 h by 9 h – 12 h 30 in one submission is not refused.
        _check_time_order(self.opens, self.closes, "closes")

    @staticmethod
    def first_overlap(ranges: list["OpeningHours"]) -> tuple["OpeningHours", "OpeningHours"] | None:
        """The first two ranges of `ranges` that overlap on the same day, or None."""
        ordered = sorted(ranges, key=lambda r: (r.weekday, r.opens))
        return next(((a, b) for a, b in zip(ordered, ordered[1:], strict=False) if a.overlaps(b)), None)

    def overlaps(self, other: "OpeningHours") -> bool:
        return self.weekday == other.weekday and self.opens < other.closes and other.opens < self.closes

    def minutes(self) -> int:
        return (self.closes.hour * 60 + self.closes.minute) - (self.opens.hour * 60 + self.opens.minute)

    def time_range(self) -> str:
        return format_time_range(self.opens, self.closes)


class ExceptionalClosure(models.Model):
    """Days a structure is closed outside its usual hours (holidays, training, works)."""

    structure = models.ForeignKey(
        Structure, on_delete=models.CASCADE, related_name="closures", verbose_name="structure"
    )
    starts_on = models.DateField("du")
    ends_on = models.DateField("au (inclus)")
    reason = models.CharField("motif", max_length=200, blank=True)

    class Meta:
        verbose_name = "fermeture exceptionnelle"
        verbose_name_plural = "fermetures exceptionnelles"
        ordering = ["structure", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__lte=F("ends_on")), name="closure_starts_before_it_ends"
            )
        ]

    def __str__(self):
        return format_date_range(self.starts_on, self.ends_on)

    def clean(self):
        if self.starts_on and self.ends_on and self.starts_on > self.ends_on:
            raise ValidationError(
                {"ends_on": "La date de fin doit être égale ou postérieure à la date de début."}
            )


class PermanenceQuerySet(models.QuerySet):
    def with_closures(self, since: dt.date):
        """Prefetch the structures' closures ending on or after `since`, what `next_occurrences` reads."""
        closures = ExceptionalClosure.objects.filter(ends_on__gte=since)
        return self.prefetch_related(Prefetch("structure__closures", queryset=closures))


class Permanence(models.Model):
    """A partner's recurring presence at a structure: "2e et 4e mardis du mois, 9 h – 12 h"."""

    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="permanences", verbose_name="partenaire"
    )
    structure = models.ForeignKey(
        Structure, on_delete=models.CASCADE, related_name="permanences", verbose_name="structure"
    )
    recurrence = models.CharField(
        "fréquence", max_length=20, choices=Recurrence.choices, default=Recurrence.WEEKLY
    )
    weekday = models.PositiveSmallIntegerField("jour", choices=Weekday.choices, null=True, blank=True)
    # Which occurrences of the weekday in the month, as "2,4" for the 2nd and 4th (monthly only).
    weeks_of_month = models.CharField(
        "semaines du mois",
        max_length=9,
        blank=True,
        validators=[
            RegexValidator(r"^[1-5](,[1-5])*$", "Indiquez des rangs de 1 à 5 séparés par des virgules.")
        ],
    )
    starts_at = models.TimeField("début", null=True, blank=True)
    ends_at = models.TimeField("fin", null=True, blank=True)
    notes = models.TextField("précisions", blank=True)

    objects = PermanenceQuerySet.as_manager()

    class Meta:
        verbose_name = "permanence"
        verbose_name_plural = "permanences"
        ordering = ["partner", "structure", "weekday", "starts_at"]
        constraints = [
            # The natural key of the refresh files (refresh_resources.PermanenceResource): two rows
            # with the same key would make the import pick one at random, or fail. Day and start
            # are empty for appointments and visio; SQL treats NULLs as all different, so they are
            # compared through a placeholder (an index on expressions, fine on SQLite and PostgreSQL).
            models.UniqueConstraint(
                F("partner"),
                F("structure"),
                F("recurrence"),
                Coalesce(F("weekday"), Value(-1)),
                F("weeks_of_month"),
                Coalesce(F("starts_at"), Value(dt.time(0))),
                name="permanence_unique_natural_key",
                violation_error_message=(
                    "Cette permanence existe déjà : le partenaire a déjà une permanence dans cette "
                    "structure avec la même fréquence, le même jour, les mêmes semaines et la même "
                    "heure de début. Modifiez celle-ci plutôt que d'en ajouter une seconde."
                ),
            )
        ]

    def __str__(self):
        return f"{self.partner} à {self.structure} : {self.describe()}"

    def clean(self):
        _check_time_order(self.starts_at, self.ends_at, "ends_at")
        if self.is_calendar_based():
            errors = {}
            if self.weekday is None:
                errors["weekday"] = "Indiquez le jour de la permanence."
            if not (self.starts_at and self.ends_at):
                errors["starts_at"] = "Indiquez l'heure de début et l'heure de fin."
            if self.recurrence == Recurrence.MONTHLY and not self.weeks_of_month:
                errors["weeks_of_month"] = "Indiquez quelles semaines du mois (par exemple 2e et 4e)."
            if errors:
                raise ValidationError(errors)

    def is_calendar_based(self) -> bool:
        return self.recurrence in (Recurrence.WEEKLY, Recurrence.MONTHLY)

    def week_numbers(self) -> list[int]:
        return sorted({int(n) for n in self.weeks_of_month.split(",") if n})

    def describe(self) -> str:
        """The schedule in French words, e.g. "2e et 4e mardis du mois, 9 h – 12 h"."""
        times = format_time_range(self.starts_at, self.ends_at) if self.starts_at and self.ends_at else ""
        if self.recurrence == Recurrence.WEEKLY:
            when = f"Tous les {Weekday(self.weekday).label}s"
        elif self.recurrence == Recurrence.MONTHLY:
            numbers = self.week_numbers()
            ranks = [("1er" if n == 1 else f"{n}e") for n in numbers]
            ranks_text = ranks[0] if len(ranks) == 1 else f"{', '.join(ranks[:-1])} et {ranks[-1]}"
            plural = "s" if len(ranks) > 1 else ""
            when = f"{ranks_text} {Weekday(self.weekday).label}{plural} du mois"
        else:
            when = self.get_recurrence_display()
        return f"{when}, {times}" if times else when

    def next_occurrences(self, after: dt.date, count: int = 3) -> Iterator[dt.date]:
        """The next `count` dates on or after `after` (none for appointments and visio).

        Days the structure is exceptionally closed are skipped: the partner is not received there.
        The closures are read through `structure.closures.all()`, so lists of permanences prefetch
        `structure__closures` (see `PermanenceQuerySet.with_closures()`) and cost no query per row.
        """
        if not self.is_calendar_based():
            return
        closures = (
            [c for c in self.structure.closures.all() if c.ends_on >= after] if self.structure_id else []
        )
        found = 0
        day = after + dt.timedelta(days=(self.weekday - after.weekday()) % 7)
        # Bounded: a 5th weekday happens at least every few months, so two years are always enough.
        while found < count and day <= after + dt.timedelta(days=730):
            if (
                self.recurrence == Recurrence.WEEKLY or (day.day - 1) // 7 + 1 in self.week_numbers()
            ) and not any(c.starts_on <= day <= c.ends_on for c in closures):
                yield day
                found += 1
            day += dt.timedelta(days=7)

"""Each structure's charter check, kept once a quarter for the network's history."""

from django.db import models

from annuaire.models.directory import Structure


class CharterSnapshotQuerySet(models.QuerySet):
    def for_quarter(self, year: int, quarter: int):
        return self.filter(year=year, quarter=quarter)


class CharterSnapshot(models.Model):
    """The outcome of every criterion for one structure at the end of a quarter (see annuaire/charter.py).

    `results` maps each criterion's code to {"outcome", "detail"}, the words shown on the page, so a
    past quarter reads as it was even after the rules or the data change.
    """

    structure = models.ForeignKey(
        Structure, on_delete=models.CASCADE, related_name="charter_snapshots", verbose_name="structure"
    )
    year = models.PositiveSmallIntegerField("année")
    quarter = models.PositiveSmallIntegerField("trimestre", choices=[(q, f"T{q}") for q in range(1, 5)])
    results = models.JSONField("résultats")
    taken_at = models.DateTimeField("relevé le")

    objects = CharterSnapshotQuerySet.as_manager()

    class Meta:
        app_label = "annuaire"
        verbose_name = "relevé trimestriel de la charte"
        verbose_name_plural = "relevés trimestriels de la charte"
        ordering = ["-year", "-quarter", "structure__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["structure", "year", "quarter"], name="charter_snapshot_per_quarter"
            )
        ]

    def __str__(self):
        return f"{self.structure} — T{self.quarter} {self.year}"

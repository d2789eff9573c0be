"""Quarterly activity reports: one per structure (itinerant units included) and quarter.

A report holds the structure's own figures, one line per partner (requests, and the forum questions
the extranet counted) and one line per contact reason (the reasons are a list per partner that the
CCI keeps in the admin). Its rules live here: which figures it has, whether it may still be changed,
what looks implausible before it is submitted, and how it is submitted and reopened.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from annuaire.models import Partner, Structure
from extranet.typography import format_number
from reporting.enums import EDITABLE_STATUSES, ReportStatus
from reporting.quarters import Quarter


class ContactReason(models.Model):
    """A reason people come about for one partner (« prime d'activité » for the CAF…)."""

    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="contact_reasons", verbose_name="partenaire"
    )
    label = models.CharField("motif", max_length=150)
    order = models.PositiveSmallIntegerField("ordre d'affichage", default=0)
    is_active = models.BooleanField(
        "proposé dans les rapports",
        default=True,
        help_text="Décochez plutôt que supprimer un motif déjà utilisé.",
    )

    class Meta:
        verbose_name = "motif de contact"
        verbose_name_plural = "motifs de contact"
        ordering = ["partner__name", "order", "label"]
        constraints = [models.UniqueConstraint(fields=["partner", "label"], name="contact_reason_unique")]

    def __str__(self):
        return f"{self.partner} — {self.label}"


# The structure's own figures, in the order of the form, the import file and the exports.
FIGURES = (
    "people_received",
    "requests_handled",
    "level_two_requests",
    "mds_orientations",
    "individual_sessions",
    "collective_sessions",
)


class QuarterlyReportQuerySet(models.QuerySet):
    def for_quarter(self, quarter: Quarter):
        return self.filter(year=quarter.year, quarter=quarter.number)

    def submitted(self):
        return self.filter(status=ReportStatus.SUBMITTED)

    def between(self, first: Quarter, last: Quarter):
        """Reports of the quarters from `first` to `last`, both included."""
        index = models.F("year") * 4 + models.F("quarter")
        return self.alias(quarter_index=index).filter(
            quarter_index__gte=first.year * 4 + first.number, quarter_index__lte=last.year * 4 + last.number
        )


def _figure(label: str, help_text: str = ""):
    return models.PositiveIntegerField(label, null=True, blank=True, help_text=help_text)


class QuarterlyReport(models.Model):
    structure = models.ForeignKey(
        Structure, on_delete=models.CASCADE, related_name="quarterly_reports", verbose_name="structure"
    )
    year = models.PositiveSmallIntegerField(
        "année", validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    quarter = models.PositiveSmallIntegerField("trimestre", choices=[(q, f"T{q}") for q in range(1, 5)])
    status = models.CharField("état", max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT)

    people_received = _figure("personnes reçues")
    requests_handled = _figure("demandes traitées")
    level_two_requests = _figure(
        "demandes transmises à un référent partenaire (niveau 2)",
        "Demandes que la structure n'a pu résoudre et a confiées au référent du partenaire.",
    )
    mds_orientations = _figure("personnes orientées vers une MDS", "Maison départementale des solidarités.")
    individual_sessions = _figure("accompagnements numériques individuels")
    collective_sessions = _figure("ateliers numériques collectifs")
    # Known figure, prefilled from the itinerance app's passages when it counts them (None: unknown).
    itinerant_passages = models.PositiveIntegerField(
        "passages de l'unité itinérante", null=True, blank=True, editable=False
    )
    remarks = models.TextField("remarques", blank=True)

    submitted_at = models.DateTimeField("transmis le", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="transmis par",
    )
    # The latest reopening's reason; every one stays in the audit log with the change of state.
    reopen_reason = models.TextField("motif de la réouverture", blank=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    objects = QuarterlyReportQuerySet.as_manager()

    class Meta:
        verbose_name = "rapport trimestriel d'activité"
        verbose_name_plural = "rapports trimestriels d'activité"
        ordering = ["-year", "-quarter", "structure__name"]
        constraints = [
            models.UniqueConstraint(fields=["structure", "year", "quarter"], name="quarterly_report_unique")
        ]
        indexes = [models.Index(fields=["year", "quarter", "status"], name="quarterly_report_period_idx")]

    def __str__(self):
        return f"{self.structure} — {self.period}"

    @property
    def period(self) -> Quarter:
        return Quarter(self.year, self.quarter)

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def is_submitted(self) -> bool:
        return self.status == ReportStatus.SUBMITTED

    def figure_label(self, name: str) -> str:
        return str(self._meta.get_field(name).verbose_name)

    def submit(self, user) -> None:
        """Lock the report; `check()` must have found no error (the view confirmed its warnings)."""
        if not self.is_editable:
            raise ValidationError("Ce rapport est déjà transmis.")
        problems = self.check_figures()
        if problems.errors:
            raise ValidationError(problems.errors)
        self.status = ReportStatus.SUBMITTED
        self.submitted_at = timezone.now()
        self.submitted_by = user
        self.save()

    def reopen(self, reason: str) -> None:
        """The CCI opens a submitted report again for changes; `reason` goes to the audit log."""
        if not self.is_submitted:
            raise ValidationError("Seul un rapport transmis peut être rouvert.")
        if not reason.strip():
            raise ValidationError({"reopen_reason": "Indiquez pourquoi le rapport est rouvert."})
        self.status = ReportStatus.REOPENED
        self.reopen_reason = reason.strip()
        self.save()

    def previous_report(self) -> "QuarterlyReport | None":
        previous = self.period.previous()
        return (
            QuarterlyReport.objects.filter(
                structure_id=self.structure_id, year=previous.year, quarter=previous.number
            )
            .prefetch_related("partner_lines", "reason_lines")
            .first()
        )

    def check_figures(self, previous: "QuarterlyReport | None" = None, *, lines=None) -> "Checks":
        """What looks wrong (errors, which block the submission) or surprising (warnings, to confirm).

        `lines` are the partner and reason lines as (partner_requests, reason_requests) dicts, when the
        form has not saved them yet; by default they are read from the database.
        """
        errors, warnings = [], []
        missing = [self.figure_label(name) for name in FIGURES if getattr(self, name) is None]
        if missing:
            errors.append("Chiffres à renseigner avant de transmettre : " + ", ".join(missing) + ".")
        if lines is None:
            lines = self.line_figures()
        partner_requests, reason_requests = lines
        partners = Partner.objects.in_bulk(list(partner_requests))
        by_partner = sum(value or 0 for value in partner_requests.values())
        handled = self.requests_handled
        if handled is not None and by_partner > handled:
            errors.append(
                f"Les demandes réparties par partenaire ({format_number(by_partner)}) dépassent les "
                f"demandes traitées ({format_number(handled)}) : une demande compte pour un seul partenaire."
            )
        level_two = self.level_two_requests
        if level_two is not None and handled is not None and level_two > handled:
            errors.append(
                f"Les demandes transmises en niveau 2 ({format_number(level_two)}) dépassent "
                f"les demandes traitées ({format_number(handled)})."
            )
        reasons = ContactReason.objects.in_bulk(list(reason_requests))
        per_partner_reasons: dict[int, int] = {}
        for reason_id, value in reason_requests.items():
            if reason_id in reasons:
                partner_id = reasons[reason_id].partner_id
                per_partner_reasons[partner_id] = per_partner_reasons.get(partner_id, 0) + (value or 0)
        for partner_id, total in per_partner_reasons.items():
            declared = partner_requests.get(partner_id) or 0
            if total > declared and partner_id in partners:
                errors.append(
                    f"Les demandes par motif pour {partners[partner_id]} ({format_number(total)}) dépassent "
                    f"les demandes déclarées pour ce partenaire ({format_number(declared)})."
                )
        if previous is not None:
            for name in FIGURES:
                label = f"« {self.figure_label(name).capitalize()} »"
                warnings += _tenfold(label, getattr(previous, name), getattr(self, name))
            before_lines = previous.line_figures()[0]
            for partner_id, now in partner_requests.items():
                if partner_id in partners:
                    label = f"Demandes pour {partners[partner_id]}"
                    warnings += _tenfold(label, before_lines.get(partner_id), now)
        return Checks(errors=errors, warnings=warnings)

    def line_figures(self) -> tuple[dict[int, int | None], dict[int, int | None]]:
        """({partner id: requests}, {contact reason id: requests}) as saved."""
        if self.pk is None:
            return {}, {}
        return (
            {line.partner_id: line.requests for line in self.partner_lines.all()},
            {line.reason_id: line.requests for line in self.reason_lines.all()},
        )


def _tenfold(label: str, before: int | None, now: int | None) -> list[str]:
    """A warning when a figure is ten times (or more) last quarter's."""
    if not before or now is None or now < 10 * before:
        return []
    return [
        f"{label} : {format_number(now)} ce trimestre contre {format_number(before)} le trimestre "
        "précédent, dix fois plus ou davantage. Vérifiez ce chiffre."
    ]


@dataclass(frozen=True)
class Checks:
    errors: list[str]
    warnings: list[str]


class PartnerLine(models.Model):
    """A report's figures for one partner."""

    report = models.ForeignKey(
        QuarterlyReport, on_delete=models.CASCADE, related_name="partner_lines", verbose_name="rapport"
    )
    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="+", verbose_name="partenaire"
    )
    requests = models.PositiveIntegerField("demandes", null=True, blank=True)
    # Known figure: questions the structure's counsellors put to this partner on the forum that quarter.
    forum_questions = models.PositiveIntegerField("questions posées sur le forum", default=0, editable=False)

    class Meta:
        verbose_name = "ligne partenaire d'un rapport"
        verbose_name_plural = "lignes partenaires des rapports"
        ordering = ["partner__name"]
        constraints = [models.UniqueConstraint(fields=["report", "partner"], name="partner_line_unique")]

    def __str__(self):
        return f"{self.report} — {self.partner}"


class ReasonLine(models.Model):
    """A report's requests for one contact reason (of one partner)."""

    report = models.ForeignKey(
        QuarterlyReport, on_delete=models.CASCADE, related_name="reason_lines", verbose_name="rapport"
    )
    reason = models.ForeignKey(
        ContactReason, on_delete=models.PROTECT, related_name="+", verbose_name="motif"
    )
    requests = models.PositiveIntegerField("demandes", null=True, blank=True)

    class Meta:
        verbose_name = "ligne motif d'un rapport"
        verbose_name_plural = "lignes motifs des rapports"
        constraints = [models.UniqueConstraint(fields=["report", "reason"], name="reason_line_unique")]

    def __str__(self):
        return f"{self.report} — {self.reason}"


class ReportReminder(models.Model):
    """The reminders sent for a structure's missing report of a quarter, so none is sent twice."""

    structure = models.ForeignKey(
        Structure, on_delete=models.CASCADE, related_name="+", verbose_name="structure"
    )
    year = models.PositiveSmallIntegerField("année")
    quarter = models.PositiveSmallIntegerField("trimestre")
    count = models.PositiveSmallIntegerField("relances envoyées", default=0)
    last_sent_at = models.DateTimeField("dernière relance le", null=True, blank=True)

    class Meta:
        verbose_name = "relance de rapport trimestriel"
        verbose_name_plural = "relances de rapports trimestriels"
        constraints = [
            models.UniqueConstraint(fields=["structure", "year", "quarter"], name="report_reminder_unique")
        ]

    def __str__(self):
        return f"{self.structure} — T{self.quarter} {self.year} ({self.count})"


from reporting.usage_models import *  # noqa: F403, E402  (the usage report's models, reporting/usage_models.py)

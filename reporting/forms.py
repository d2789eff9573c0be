from django import forms
from django.db import transaction
from django.db.models import Q
from django.utils.html import format_html

from annuaire.models import Partner
from extranet.typography import format_number
from reporting.models import FIGURES, ContactReason, PartnerLine, QuarterlyReport, ReasonLine
from reporting.prefill import KnownFigures
from reporting.quarters import Quarter


def _previous_text(value) -> str:
    return f"Trimestre précédent\u00a0: {format_number(value) if value is not None else 'non renseigné'}."


def _prefilled_text(value: int, help_text: str) -> str:
    """The mark of a field prefilled from the passages, with their figure: the field may have been
    corrected since, and the counsellor sees both."""
    return format_html(
        '<span class="badge text-bg-info">prérempli depuis les passages</span> '
        "D'après les passages tenus du trimestre\u00a0: {}. {}",
        format_number(value),
        help_text,
    )


class QuarterForm(forms.Form):
    """The quarter shown by a list or a dashboard, in the URL (?annee=2026&trimestre=3)."""

    annee = forms.IntegerField(label="Année", min_value=2000, max_value=2100)
    trimestre = forms.TypedChoiceField(
        label="Trimestre", coerce=int, choices=[(q, f"T{q}") for q in range(1, 5)]
    )

    def quarter(self, default: Quarter) -> Quarter:
        if self.is_bound and self.is_valid():
            return Quarter(self.cleaned_data["annee"], self.cleaned_data["trimestre"])
        return default


def report_partners(structure):
    """The partners a structure reports on: the national ones and the local ones present there."""
    return (
        Partner.objects.filter(Q(is_national=True) | Q(structures_present=structure))
        .distinct()
        .order_by("-is_national", "name")
    )


class ReportForm(forms.ModelForm):
    """A quarterly report's figures, one field per partner and per contact reason, each with the value of
    the quarter before beside it (its help text). Every figure may stay empty in a draft."""

    confirm = forms.BooleanField(label="Je confirme ces chiffres malgré les écarts signalés", required=False)

    class Meta:
        model = QuarterlyReport
        fields = [*FIGURES, "remarks"]

    def __init__(
        self, *args, previous: QuarterlyReport | None = None, known: KnownFigures | None = None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        report = self.instance
        self.previous = previous
        known = known or KnownFigures()
        partner_values, reason_values = report.line_figures()
        before_partners, before_reasons = previous.line_figures() if previous else ({}, {})
        prefilled, prefilled_partners = known.prefilled(), known.prefilled_partners()
        for name in FIGURES:
            self.fields[name].min_value = 0
            before = getattr(previous, name) if previous else None
            own = self.fields[name].help_text
            self.fields[name].help_text = f"{own} {_previous_text(before)}".strip()
            if name in prefilled:
                # A value the counsellor saved (their correction) stays; an empty one is prefilled.
                if getattr(report, name) is None:
                    self.initial[name] = prefilled[name]
                self.fields[name].help_text = _prefilled_text(prefilled[name], self.fields[name].help_text)
        self.fields["remarks"].widget.attrs["rows"] = 4
        partners = list(report_partners(report.structure))
        reasons = ContactReason.objects.filter(partner__in=partners, is_active=True).order_by(
            "order", "label"
        )
        reasons_by_partner: dict[int, list[ContactReason]] = {}
        for reason in reasons:
            reasons_by_partner.setdefault(reason.partner_id, []).append(reason)
        self.partner_groups = []
        for partner in partners:
            name = f"partenaire_{partner.pk}"
            value, help_text = partner_values.get(partner.pk), _previous_text(before_partners.get(partner.pk))
            if partner.pk in prefilled_partners:
                value = prefilled_partners[partner.pk] if value is None else value
                help_text = _prefilled_text(prefilled_partners[partner.pk], help_text)
            self.fields[name] = forms.IntegerField(
                label=f"Demandes pour {partner.name}",
                min_value=0,
                required=False,
                initial=value,
                help_text=help_text,
            )
            reason_names = []
            for reason in reasons_by_partner.get(partner.pk, []):
                reason_name = f"motif_{reason.pk}"
                self.fields[reason_name] = forms.IntegerField(
                    label=reason.label,
                    min_value=0,
                    required=False,
                    initial=reason_values.get(reason.pk),
                    help_text=_previous_text(before_reasons.get(reason.pk)),
                )
                reason_names.append(reason_name)
            self.partner_groups.append(
                {
                    "partner": partner,
                    "field": self[name],
                    "reasons": [self[reason_name] for reason_name in reason_names],
                    "forum_questions": known.forum_questions.get(partner.pk, 0),
                }
            )
        self._partners = partners
        self._reasons = reasons

    def line_figures(self) -> tuple[dict[int, int | None], dict[int, int | None]]:
        """The partner and reason figures as typed, in the shape of `QuarterlyReport.line_figures()`."""
        data = self.cleaned_data
        return (
            {partner.pk: data.get(f"partenaire_{partner.pk}") for partner in self._partners},
            {reason.pk: data.get(f"motif_{reason.pk}") for reason in self._reasons},
        )

    @transaction.atomic
    def save(self, commit=True):
        report = super().save()
        partner_values, reason_values = self.line_figures()
        for partner_id, value in partner_values.items():
            PartnerLine.objects.update_or_create(
                report=report, partner_id=partner_id, defaults={"requests": value}
            )
        for reason_id, value in reason_values.items():
            ReasonLine.objects.update_or_create(
                report=report, reason_id=reason_id, defaults={"requests": value}
            )
        return report


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label="Motif de la réouverture",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Il est conservé dans le journal des modifications et montré à la structure.",
    )


class DashboardForm(forms.Form):
    """The dashboard's filters, all in the URL so a view can be bookmarked and shared."""

    periode = forms.ChoiceField(
        label="Période", choices=[("trimestre", "Un trimestre"), ("annee", "Une année")], required=False
    )
    annee = forms.IntegerField(label="Année", min_value=2000, max_value=2100, required=False)
    trimestre = forms.TypedChoiceField(
        label="Trimestre", coerce=int, choices=[(q, f"T{q}") for q in range(1, 5)], required=False
    )
    structure = forms.ModelChoiceField(
        label="Structure", queryset=None, required=False, empty_label="Toutes", to_field_name="slug"
    )
    partenaire = forms.ModelChoiceField(
        label="Partenaire", queryset=None, required=False, empty_label="Tous", to_field_name="slug"
    )

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        from annuaire.models import Structure

        if scope.whole_reports:
            self.fields["structure"].queryset = scope.filter_structures(Structure.objects.order_by("name"))
        else:
            del self.fields["structure"]
        self.fields["partenaire"].queryset = scope.filter_partners(
            Partner.objects.order_by("-is_national", "name")
        )

    def filters(self, default: Quarter):
        """The dashboard's `Filters`; what is missing or wrong falls back to the last quarter ended."""
        from reporting.dashboards import Filters, Period

        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        year = data.get("annee") or default.year
        if data.get("periode") == "annee":
            period = Period(year)
        else:
            period = Period(year, data.get("trimestre") or (default.number if year == default.year else 4))
        return Filters(period=period, structure=data.get("structure"), partner=data.get("partenaire"))

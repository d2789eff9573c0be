"""A quarter's figures for every structure in one table: the CCI's bulk entry and its export.

One row per structure and quarter, one column per figure and one « Demandes <partenaire> » column per
partner, the same columns in and out (an exported file imports back unchanged). Imports follow the
rules of every import here (extranet/spreadsheets): a preview, nothing saved unless every row is
valid, each problem in French with the file's row and column. An imported report is submitted (the
CCI enters what the structure sent); a report already submitted is refused until the CCI reopens it,
as on its page. The contact-reason detail is entered on each report's page.
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.utils import timezone
from import_export import fields, widgets

from annuaire.models import Partner, Structure
from extranet.spreadsheets.imports import Column, SpreadsheetResource
from reporting.enums import ReportStatus
from reporting.models import FIGURES, PartnerLine, QuarterlyReport

COLUMN_NAMES = {
    "people_received": "Personnes reçues",
    "requests_handled": "Demandes traitées",
    "level_two_requests": "Niveau 2",
    "mds_orientations": "Orientations MDS",
    "individual_sessions": "Accompagnements individuels",
    "collective_sessions": "Ateliers collectifs",
}


class StructureWidget(widgets.ForeignKeyWidget):
    def __init__(self):
        super().__init__(Structure, "name")

    def clean(self, value, row=None, **kwargs):
        if not value:
            raise ValueError("Indiquez la structure (son nom dans l'annuaire).")
        structure = Structure.objects.filter(name__iexact=str(value).strip()).first()
        if structure is None:
            raise ValueError(f"Structure « {value} » introuvable dans l'annuaire.")
        return structure


class FigureWidget(widgets.IntegerWidget):
    """A count: a whole number of zero or more, said in French when the cell holds something else."""

    def clean(self, value, row=None, **kwargs):
        try:
            number = super().clean(value, row=row, **kwargs)
        except (ArithmeticError, ValueError, TypeError):
            raise ValueError(f"« {value} » n'est pas un nombre entier.") from None
        if number is not None and number < 0:
            raise ValueError("Un chiffre ne peut pas être négatif.")
        return number


class PartnerRequestsField(fields.Field):
    """« Demandes CAF »: the report's requests for one partner (its partner line)."""

    def __init__(self, partner: Partner):
        super().__init__(
            attribute=f"partner_{partner.pk}",
            column_name=f"Demandes {partner.acronym or partner.name}",
            widget=FigureWidget(),
        )
        self.partner_id = partner.pk

    def get_value(self, obj):
        if obj.pk is None:  # a new report, compared before it is saved
            return getattr(obj, "imported_partners", {}).get(self.partner_id)
        return {line.partner_id: line.requests for line in obj.partner_lines.all()}.get(self.partner_id)

    def save(self, instance, row, is_m2m=False, **kwargs):
        value = self.clean(row, **kwargs)
        instance.imported_partners[self.partner_id] = value


class QuarterFiguresResource(SpreadsheetResource):
    structure = fields.Field(attribute="structure", column_name="Structure", widget=StructureWidget())
    year = fields.Field(attribute="year", column_name="Année", widget=widgets.IntegerWidget())
    quarter = fields.Field(attribute="quarter", column_name="Trimestre", widget=widgets.IntegerWidget())
    remarks = fields.Field(attribute="remarks", column_name="Remarques", widget=widgets.CharWidget())

    columns = {"Année": Column(required=True), "Trimestre": Column(aliases=("T",), required=True)}

    class Meta:
        model = QuarterlyReport
        import_id_fields = ["structure", "year", "quarter"]
        skip_unchanged = False
        clean_model_instances = True
        use_transactions = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for name in FIGURES:
            self.fields[name] = fields.Field(
                attribute=name, column_name=COLUMN_NAMES[name], widget=FigureWidget()
            )
        self.partners = list(Partner.objects.order_by("-is_national", "name"))
        for partner in self.partners:
            self.fields[f"partner_{partner.pk}"] = PartnerRequestsField(partner)
        self._order = [
            "structure",
            "year",
            "quarter",
            *FIGURES,
            *(f"partner_{p.pk}" for p in self.partners),
            "remarks",
        ]
        self.fields = {name: self.fields[name] for name in self._order}

    def get_import_order(self):
        return tuple(self._order)

    def get_export_order(self):
        return tuple(self._order)

    def get_queryset(self):
        return QuarterlyReport.objects.select_related("structure").prefetch_related("partner_lines")

    def import_data(self, dataset, **kwargs):
        # All or nothing, at the preview and at the confirmation alike (see AuthorisedPersonResource).
        kwargs.setdefault("rollback_on_validation_errors", True)
        return super().import_data(dataset, **kwargs)

    def get_instance(self, instance_loader, row):
        # An unknown structure is a new row whose « Structure » cell the validation names, not a crash.
        try:
            return super().get_instance(instance_loader, row)
        except ValueError:
            return None

    def import_instance(self, instance, row, **kwargs):
        instance.imported_partners = {}
        instance.was_submitted = instance.pk is not None and instance.status == ReportStatus.SUBMITTED
        super().import_instance(instance, row, **kwargs)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if getattr(instance, "was_submitted", False):
            errors[NON_FIELD_ERRORS] = [
                f"le rapport de {instance.structure} pour T{instance.quarter} {instance.year} est déjà "
                "transmis : la CCI le rouvre sur sa page avant de le remplacer."
            ]
        elif not errors:
            problems = instance.check_figures(lines=(getattr(instance, "imported_partners", {}), {}))
            if problems.errors:
                errors[NON_FIELD_ERRORS] = problems.errors
        if instance.quarter not in (1, 2, 3, 4) and "quarter" not in errors:
            errors["quarter"] = ["le trimestre est un nombre de 1 à 4."]
        super().validate_instance(instance, errors or None, validate_unique)

    def before_save_instance(self, instance, row, **kwargs):
        instance.status = ReportStatus.SUBMITTED
        instance.submitted_at = timezone.now()
        user = kwargs.get("user")
        instance.submitted_by = user if getattr(user, "pk", None) else None

    def after_save_instance(self, instance, row, **kwargs):
        for partner_id, value in instance.imported_partners.items():
            PartnerLine.objects.update_or_create(
                report=instance, partner_id=partner_id, defaults={"requests": value}
            )

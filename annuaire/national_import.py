"""Import of the national list of France Services (ANCT open data), whole country or one département.

Built on `extranet.spreadsheets` like every import (headers in any order, CSV/XLSX/ODS, French
errors naming the file's row and column, all or nothing); what is particular to this list:

- rows of other départements are counted and left out before anything is read from them;
- structures are keyed on `id_fs` (`Structure.national_id`); a structure of the directory without
  one is matched once by commune and name (case, accents and punctuation aside), the preview says
  so, and the import records its `id_fs`;
- the preview lists the structures created, those updated field by field (old → new, written as
  in the file) and those unchanged, and the labelled structures of Tarn-et-Garonne the file no
  longer lists: they are proposed for closing, and closed (never deleted) only if the CCI ticks the
  box of the confirmation (`close_absent`); each closing is a `Structure.save()`, in the audit log;
- a commune the directory does not know yet is created from `insee_com`, `lib_com`, `code_postal`;
- opening hours replace the directory's, Monday to Saturday (the file has no Sunday column).

The file format itself (columns, how hours, dates, yes/no are written) is `annuaire.national`.
"""

from dataclasses import dataclass, field

from django import forms
from django.utils.text import slugify
from import_export import fields, resources, widgets
from import_export.forms import ConfirmImportForm
from import_export.results import Error

from annuaire import national
from annuaire.enums import StructureStatus
from annuaire.hours_changes import HoursChangeSet
from annuaire.models import Commune, OpeningHours, Structure
from extranet.spreadsheets.imports import Column, SpreadsheetResource, header_key
from extranet.spreadsheets.reading import TableReadError


class ParsedWidget(widgets.Widget):
    """A cell read by one of `annuaire.national`'s parsers and written back by its formatter."""

    def __init__(self, parse, render=None):
        super().__init__()
        self.parse = parse
        self.format = render or (lambda value: "" if value is None else str(value))

    def clean(self, value, row=None, **kwargs):
        return self.parse(value)

    def render(self, value, obj=None, **kwargs):
        return self.format(value)


class CommuneWidget(widgets.Widget):
    """The commune of `insee_com`, created from `lib_com` and `code_postal` if the directory lacks it."""

    def clean(self, value, row=None, **kwargs):
        code = national.text(value)
        if not (code.isdigit() and len(code) == 5 and code.startswith(national.DEPARTMENT)):
            raise ValueError(
                f"« {code} » n'est pas le code INSEE d'une commune de Tarn-et-Garonne ; "
                "attendu 5 chiffres commençant par 82, par exemple 82121"
            )
        commune = Commune.objects.filter(insee_code=code).first()
        if commune is None:
            name = national.text(row.get("lib_com"))
            postal_code = national.text(row.get("code_postal"))
            if not name or not (postal_code.isdigit() and len(postal_code) == 5):
                raise ValueError(
                    f"la commune « {code} » n'est pas encore dans l'annuaire et la ligne ne donne pas "
                    f"son nom (lib_com « {name} ») et son code postal (code_postal « {postal_code} ») ; "
                    "attendu par exemple Montauban et 82000"
                )
            commune = Commune.objects.create(insee_code=code, name=name, postal_code=postal_code)
        return commune

    def render(self, value, obj=None, **kwargs):
        return value.insee_code if value else ""


class DayHoursField(fields.Field):
    """One `h_…` column: that day's opening ranges, written with the structure (see `write_week`).

    The parsed ranges wait on the instance until it is saved; `get_value` shows them, so that the
    preview's old → new and the « unchanged » test compare the day as the file writes it.
    """

    PENDING = "_national_week"

    def __init__(self, weekday: int, column_name: str):
        super().__init__(
            attribute=f"hours_{column_name}",
            column_name=column_name,
            widget=ParsedWidget(national.parse_hours, national.format_hours),
        )
        self.weekday = weekday

    def get_value(self, instance):
        pending = instance.__dict__.get(self.PENDING, {})
        if self.weekday in pending:
            return pending[self.weekday]
        if instance.pk is None:
            return []
        return national.day_ranges(instance.opening_hours.all(), self.weekday)

    def save(self, instance, row, is_m2m=False, **kwargs):
        instance.__dict__.setdefault(self.PENDING, {})[self.weekday] = self.clean(row, **kwargs)


def write_week(structure: Structure) -> None:
    """Replace the days the file gave, one save or delete at a time (each in the audit log)."""
    # The pending ranges stay on the instance: the preview's « after » reads them (the prefetched
    # hours are those from before the import).
    pending = structure.__dict__.get(DayHoursField.PENDING, {})
    current = list(structure.opening_hours.all()) if structure.pk else []
    for weekday, ranges in pending.items():
        if national.day_ranges(current, weekday) == ranges:
            continue
        for opening in current:
            if opening.weekday == weekday:
                opening.delete()
        for opens, closes in ranges:
            OpeningHours.objects.create(structure=structure, weekday=weekday, opens=opens, closes=closes)


def _field(attribute, column: str, parse=None, render=None, readonly: bool = False) -> fields.Field:
    widget = ParsedWidget(parse or national.text, render)
    return fields.Field(attribute=attribute, column_name=column, widget=widget, readonly=readonly)


@dataclass(frozen=True)
class Change:
    column: str
    old: str
    new: str


class ChangesDiff(resources.Diff):
    """The preview's old → new: only the columns that change, as the file writes them."""

    def __init__(self, resource, instance, new):
        super().__init__(resource, instance, new)
        self.columns = [f.column_name for f in resource.get_import_fields()]
        self.written = resource.written_columns

    def as_html(self):
        return [
            Change(column, "" if self.new else str(old), str(new))
            for column, old, new in zip(self.columns, self.left, self.right, strict=False)
            if old != new and column in self.written
        ]


@dataclass
class NationalReport:
    """What the import found beyond the rows: for the preview, the command and the success message."""

    other_departments: int = 0
    absent: list[Structure] = field(default_factory=list)
    closed: list[Structure] = field(default_factory=list)


class NationalListResource(SpreadsheetResource):
    national_id = _field("national_id", "id_fs", national.parse_national_id)
    insee_dep = fields.Field(column_name="insee_dep", readonly=True)
    name = _field("name", "lib_fs")
    address = _field("address", "adresse")
    address_complement = _field("address_complement", "complement_adresse")
    commune = fields.Field(attribute="commune", column_name="insee_com", widget=CommuneWidget())
    postal_code = _field("commune__postal_code", "code_postal", readonly=True)
    commune_name = _field("commune__name", "lib_com", readonly=True)
    latitude = _field("latitude", "latitude", lambda value: national.parse_coordinate(value, 90))
    longitude = _field("longitude", "longitude", lambda value: national.parse_coordinate(value, 180))
    email = _field("email", "mail", national.parse_email)
    phone = _field("phone", "telephone", national.parse_phone)
    hours_h_lundi = DayHoursField(0, "h_lundi")
    hours_h_mardi = DayHoursField(1, "h_mardi")
    hours_h_mercredi = DayHoursField(2, "h_mercredi")
    hours_h_jeudi = DayHoursField(3, "h_jeudi")
    hours_h_vendredi = DayHoursField(4, "h_vendredi")
    hours_h_samedi = DayHoursField(5, "h_samedi")
    appointment_booking = _field(
        "appointment_booking", "prise_rdv", national.parse_yes_no, national.format_yes_no
    )
    national_comment = _field("national_comment", "commentaire")
    national_type = _field("national_type", "type_fs")
    national_format = _field("national_format", "format_fs", national.parse_format)
    national_group = _field("national_group", "groupe_fs")
    labelled_on = _field(
        "labelled_on", "labellisation_fs", national.parse_labelling, national.format_labelling
    )

    columns = {
        **{name: Column(required=True) for name in national.COLUMNS if name not in national.OPTIONAL_COLUMNS},
        "insee_com": Column(digits=5, required=True),
        "code_postal": Column(digits=5, required=True),
        "telephone": Column(required=True),
    }

    class Meta:
        model = Structure
        name = "Liste nationale des France Services"
        import_id_fields = ["national_id"]
        fields = [
            "national_id", "insee_dep", "name", "address", "address_complement", "commune",
            "postal_code", "commune_name", "latitude", "longitude", "email", "phone", "hours_h_lundi",
            "hours_h_mardi", "hours_h_mercredi", "hours_h_jeudi", "hours_h_vendredi", "hours_h_samedi",
            "appointment_booking", "national_comment", "national_type", "national_format",
            "national_group", "labelled_on",
        ]  # fmt: skip
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True
        store_instance = True

    def get_diff_class(self):
        return ChangesDiff

    # --- The file as a whole ----------------------------------------------------------------------

    def import_data(self, dataset, **kwargs):
        # A row that became invalid between the preview and the confirmation still stops everything.
        kwargs["rollback_on_validation_errors"] = True
        self.close_absent = bool(kwargs.pop("close_absent", False))
        # Changed hours are told to the partners, as a hand edit or the yearly refresh does: one
        # change set for the whole file (annuaire.hours_changes).
        self.hours_changes = HoursChangeSet(kwargs.get("user"))
        kept, other_departments = self._rows_of_department(dataset)
        self.report = NationalReport(other_departments=other_departments)
        self.written_columns = {
            name
            for name in national.COLUMNS
            if any(header_key(h) == header_key(name) for h in dataset.headers or [])
        }
        result = super().import_data(kept, **kwargs)
        result.national = self.report
        if len(dataset) and not len(kept) and not result.spreadsheet.messages:
            message = (
                "Le fichier ne contient aucune France Services de Tarn-et-Garonne "
                f"({other_departments} lignes d'autres départements) : rien n'a été importé."
            )
            result.append_base_error(Error(TableReadError(message)))
            result.spreadsheet.messages.append(message)
        return result

    @staticmethod
    def _rows_of_department(dataset):
        """The rows of Tarn-et-Garonne (and those whose département cannot be told: they will be
        refused with their error), and how many rows of other départements were left out."""
        positions = {header_key(h): index for index, h in enumerate(dataset.headers or [])}
        dep, com = positions.get("inseedep"), positions.get("inseecom")
        kept = type(dataset)(headers=dataset.headers)
        kept.row_numbers = []
        numbers = getattr(dataset, "row_numbers", None) or range(2, len(dataset) + 2)
        others = 0
        for row, number in zip(dataset, numbers, strict=False):
            department = national.department_of(
                row[dep] if dep is not None else "", row[com] if com is not None else ""
            )
            if department and department != national.DEPARTMENT:
                others += 1
                continue
            kept.append(row)
            kept.row_numbers.append(number)
        return kept, others

    def before_import(self, dataset, **kwargs):
        structures = list(Structure.objects.select_related("commune").prefetch_related("opening_hours"))
        self._by_id = {s.national_id: s for s in structures if s.national_id}
        self._by_name = {
            (s.commune.insee_code, national.key(s.name)): s for s in structures if not s.national_id
        }
        self._seen: set[int] = set()

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if not len(dataset) or result.has_errors() or result.has_validation_errors():
            return
        absent = (
            Structure.objects.filter(status=StructureStatus.LABELLED)
            .exclude(pk__in=self._seen)
            .select_related("commune")
            .order_by("name")
        )
        self.report.absent = list(absent)
        if self._is_dry_run(kwargs):
            return
        if self.close_absent:
            for structure in self.report.absent:
                structure.status = StructureStatus.CLOSED
                structure.save()
            self.report.closed = list(self.report.absent)
        self.hours_changes.close()

    # --- Each row ---------------------------------------------------------------------------------

    def get_instance(self, instance_loader, row):
        national_id = national.text(row.get("id_fs"))
        structure = self._by_id.get(national_id) if national_id else None
        if structure is None and national_id:
            name_key = (national.text(row.get("insee_com")).zfill(5), national.key(row.get("lib_fs")))
            structure = self._by_name.pop(name_key, None)
            if structure is not None:
                structure.matched_by_name = True
        if structure is not None:
            self._seen.add(structure.pk)
        return structure

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if instance.pk is None:
            instance.kind = national.kind_for_format(instance.national_format)
            instance.slug = self._free_slug(instance.name)

    @staticmethod
    def _free_slug(name: str) -> str:
        base = slugify(name)[:140] or "structure"
        slug, number = base, 2
        while Structure.objects.filter(slug=slug).exists():
            slug, number = f"{base}-{number}", number + 1
        return slug

    def before_save_instance(self, instance, row, **kwargs):
        super().before_save_instance(instance, row, **kwargs)
        self.hours_changes.watch(instance)  # a structure the file creates has no hours to change

    def after_save_instance(self, instance, row, **kwargs):
        write_week(instance)
        self._seen.add(instance.pk)

    def after_import_row(self, row, row_result, **kwargs):
        instance = row_result.instance
        row_result.matched_by_name = bool(
            instance is not None and getattr(instance, "matched_by_name", False)
        )
        if instance is not None and instance.pk:
            self._seen.add(instance.pk)


class NationalConfirmForm(ConfirmImportForm):
    close_absent = forms.BooleanField(
        required=False,
        label="Fermer les structures listées ci-dessus, absentes du fichier",
        help_text=(
            "Leur statut devient « Fermée » ; rien n'est supprimé. "
            "Sans cette case, elles restent telles quelles."
        ),
    )


def summary(result, *, committed: bool) -> str:
    """One French sentence of what the import did (or will do), for the command and the admin."""
    totals = result.totals
    parts = [
        fr_count(totals["new"], "structure créée", "structures créées"),
        fr_count(totals["update"], "mise à jour", "mises à jour"),
        fr_count(totals["skip"], "inchangée", "inchangées"),
    ]
    report: NationalReport = result.national
    matched = sum(1 for row in result.valid_rows() if getattr(row, "matched_by_name", False))
    if matched:
        parts.append(fr_count(matched, "rattachée par commune et nom", "rattachées par commune et nom"))
    if report.other_departments:
        parts.append(
            fr_count(
                report.other_departments,
                "ligne d'un autre département ignorée",
                "lignes d'autres départements ignorées",
            )
        )
    if report.closed:
        parts.append(
            fr_count(
                len(report.closed),
                "structure absente du fichier fermée",
                "structures absentes du fichier fermées",
            )
        )
    elif report.absent:
        parts.append(
            fr_count(len(report.absent), "structure absente du fichier", "structures absentes du fichier")
            + (" (laissée ouverte)" if committed else " (fermeture proposée)")
        )
    return ", ".join(parts) + "."


def fr_count(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count <= 1 else plural}"

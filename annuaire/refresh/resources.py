"""The CCI's yearly refresh of the directory: export, correct in a spreadsheet, re-import.

Every row and every link is keyed on a natural key, never on a database id, so that the export of one
database imports into another:

- communes: `code_insee`;
- domaines (of competence): `slug`;
- partenaires: `slug`;
- structures: `slug`; their commune by INSEE code, the partners present by slug, the opening hours
  and exceptional closures as text in one cell each (`horaires`, `fermetures`, see
  `annuaire.refresh.schedule_text`);
- référents: `partenaire` (slug) + `nom`; domains and structures by slug, the account by e-mail;
- permanences: `partenaire` + `structure` + `frequence` + `jour` + `semaines` + `debut`.

Import them in that order (a structure names its commune and partners, a referent its partner...).
Referents are keyed on their name within the partner, the model's unique constraint: their e-mail
may be blank or shared by a team. A row with `supprimer` = oui deletes the referent or permanence
(people leave, permanences stop); structures, partners and communes are never deleted by an import.

What every resource guarantees (the issue's "all-or-nothing with the failing rows named"):
- the whole file runs in one transaction and is rolled back if any row is invalid, even at the
  confirmation step (`rollback_on_validation_errors`), and the admin's preview refuses to confirm;
- an unknown key (a commune, partner or structure that does not exist) is a French error on its
  row and column, never a silently dropped link;
- rows that change nothing are skipped, so re-importing an export changes nothing;
- each save goes through `Model.save()` and the related managers, so django-auditlog records it
  like a hand edit, with the admin user as actor (AuditlogMiddleware).
The verification stamp (`verified_at`, `verified_by`) is not part of the files: it records that an
owner checked the record in *this* database. An import is such a check only when the CCI says so:
the admin's confirmation of structures, partners or referents has a box « marquer comme vérifiées
aujourd'hui » that stamps every record of the file, changed or not, in the audit log.
"""

from django.core.exceptions import ValidationError
from django.utils.encoding import force_str
from import_export import fields, resources, widgets

from annuaire.enums import Weekday
from annuaire.hours_changes import HoursChangeSet
from annuaire.models import (
    Commune,
    Domain,
    ExceptionalClosure,
    OpeningHours,
    Partner,
    Permanence,
    Referent,
    Structure,
    Verifiable,
)
from annuaire.refresh import schedule_text
from extranet.models import User
from extranet.spreadsheets.imports import Column, DateCellWidget, SpreadsheetResource


def _text(value) -> str:
    return force_str(value).strip() if value is not None else ""


class NaturalKeyWidget(widgets.ForeignKeyWidget):
    """A related record by its natural key; an unknown key is an error on the row, in French."""

    def clean(self, value, row=None, **kwargs):
        key = _text(value)
        if not key:
            return None
        try:
            return self.get_queryset(value, row, **kwargs).get(**{self.field: key})
        except self.model.DoesNotExist:
            raise ValueError(f"{self.model._meta.verbose_name.capitalize()} « {key} » introuvable.") from None


class NaturalKeysWidget(widgets.ManyToManyWidget):
    """Related records as their keys separated by commas ("caf, cpam"); all must exist."""

    def clean(self, value, row=None, **kwargs):
        keys = {key.strip() for key in _text(value).split(self.separator) if key.strip()}
        found = list(self.model.objects.filter(**{f"{self.field}__in": keys}))
        missing = keys - {getattr(obj, self.field) for obj in found}
        if missing:
            label = self.model._meta.verbose_name_plural
            raise ValueError(f"{label.capitalize()} introuvables : {', '.join(sorted(missing))}.")
        return found

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return ", ".join(sorted(str(getattr(item, self.field)) for item in value.all()))


class FrenchBooleanWidget(widgets.BooleanWidget):
    """Writes "oui" / "non"; also reads 1/0, true/false, vrai/faux.

    With `unknown=True` (a yes/no the directory may not know yet), an empty cell is « not known »
    and is written back empty; otherwise an empty cell reads as « non »."""

    TRUE_VALUES = ["oui", "1", 1, True, "true", "vrai", "x"]
    FALSE_VALUES = ["non", "0", 0, False, "false", "faux"]
    NULL_VALUES = []

    def __init__(self, unknown: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.unknown = unknown

    def clean(self, value, row=None, **kwargs):
        text = _text(value).lower() if isinstance(value, str) else value
        if text in ("", None):
            return None if self.unknown else False
        if text in self.TRUE_VALUES:
            return True
        if text in self.FALSE_VALUES:
            return False
        raise ValueError(f"« {value} » n'est pas oui ou non.")

    def render(self, value, obj=None, **kwargs):
        if value is None and self.unknown:
            return ""
        return "oui" if value else "non"


class WeekdayWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        return schedule_text.parse_weekday(text).value if text else None

    def render(self, value, obj=None, **kwargs):
        return Weekday(value).label if value is not None else ""


class ScheduleField(fields.Field):
    """Rows of a child table (opening hours, closures) held in one text cell of their structure.

    The parsed rows wait on the instance until the structure is saved; `get_value` shows them, so
    the preview's diff and `skip_unchanged` compare the text before and after.
    """

    def __init__(self, related_name: str, parse, render, **kwargs):
        super().__init__(attribute=related_name, widget=widgets.Widget(), **kwargs)
        self.parse = parse
        self.render = render

    @property
    def pending(self) -> str:
        return f"_imported_{self.attribute}"

    def get_value(self, instance):
        if hasattr(instance, self.pending):
            return self.render(getattr(instance, self.pending))
        if instance.pk is None:
            return ""
        return self.render(getattr(instance, self.attribute).all())

    def save(self, instance, row, is_m2m=False, **kwargs):
        setattr(instance, self.pending, self.parse(row[self.column_name]))

    def write(self, instance, model) -> None:
        """Replace the structure's rows by the imported ones, one save or delete at a time (audited)."""
        if not hasattr(instance, self.pending):
            return
        imported = getattr(instance, self.pending)
        current = getattr(instance, self.attribute).all()
        if self.render(current) == self.render(imported):
            return
        for row in current:
            row.delete()
        for values in imported:
            model.objects.create(structure=instance, **values._asdict())


INSEE_CODE = Column(aliases=("insee", "insee_com", "code commune"), digits=5)
PHONE = Column(aliases=("tél", "tel"), digits=10)


class RefreshResource(SpreadsheetResource):
    """What every refresh file shares; see the module docstring."""

    class Meta:
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    def import_data(self, dataset, **kwargs):
        # A row that became invalid between the preview and the confirmation must still stop the
        # whole file: without this, import-export would commit the valid rows and skip that one.
        kwargs["rollback_on_validation_errors"] = True
        # The admin's confirmation may stamp every record of the file as verified today (see
        # `after_import`); the preview never does.
        self._mark_verified = kwargs.pop("mark_verified", False)
        self._imported_ids = []
        return super().import_data(dataset, **kwargs)

    def after_import_row(self, row, row_result, **kwargs):
        super().after_import_row(row, row_result, **kwargs)
        if row_result.import_type in (
            row_result.IMPORT_TYPE_NEW,
            row_result.IMPORT_TYPE_UPDATE,
            row_result.IMPORT_TYPE_SKIP,
        ):
            self._imported_ids.append(row_result.object_id)

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if (
            not self._mark_verified
            or kwargs.get("dry_run")
            or result.has_errors()
            or result.has_validation_errors()
        ):
            return
        # One save per record, so that the audit log shows each stamp with the admin as its actor.
        for record in self._meta.model.objects.filter(pk__in=self._imported_ids):
            # The stamp alone: confirming a partner's page also confirms its referents, a file does not.
            Verifiable.mark_verified(record, kwargs.get("user"))

    def get_instance(self, instance_loader, row):
        # An unknown key in the row's identity (say, its partner) is reported by import_instance
        # below as an error on that column; here it only means "a new record".
        try:
            return super().get_instance(instance_loader, row)
        except ValueError:
            return None

    def import_instance(self, instance, row, **kwargs):
        """Also check many-to-many columns now, so an unknown key is a validation error of its row."""
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    field.clean(row)
                except ValueError as exc:
                    errors[field.attribute] = [str(exc)]
        if errors:
            raise ValidationError(errors)


class DeletableMixin(resources.ModelResource):
    """A `supprimer` column: "oui" deletes the record named by the row."""

    to_delete = fields.Field(column_name="supprimer", readonly=True, dehydrate_method="dehydrate_to_delete")

    def dehydrate_to_delete(self, instance):
        return ""

    def for_delete(self, row, instance):
        return _text(row.get("supprimer")).lower() in ("oui", "1", "x")


def _field(attribute: str, column: str, widget=None) -> fields.Field:
    return fields.Field(attribute=attribute, column_name=column, widget=widget or widgets.CharWidget())


def _bool(attribute: str, column: str, unknown: bool = False) -> fields.Field:
    return _field(attribute, column, FrenchBooleanWidget(unknown=unknown))


def _key(attribute: str, column: str, model, key: str = "slug") -> fields.Field:
    return _field(attribute, column, NaturalKeyWidget(model, field=key))


def _keys(attribute: str, column: str, model, key: str = "slug") -> fields.Field:
    return fields.Field(attribute=attribute, column_name=column, widget=NaturalKeysWidget(model, field=key))


class CommuneResource(RefreshResource):
    insee_code = _field("insee_code", "code_insee")
    name = _field("name", "nom")
    postal_code = _field("postal_code", "code_postal")

    columns = {"code_insee": INSEE_CODE, "code_postal": Column(aliases=("cp",), digits=5)}

    class Meta(RefreshResource.Meta):
        model = Commune
        name = "Communes"
        import_id_fields = ["insee_code"]
        fields = ["insee_code", "name", "postal_code"]


class DomainResource(RefreshResource):
    slug = _field("slug", "slug")
    name = _field("name", "nom")

    class Meta(RefreshResource.Meta):
        model = Domain
        name = "Domaines de compétence"
        import_id_fields = ["slug"]
        fields = ["slug", "name"]


class PartnerResource(RefreshResource):
    slug = _field("slug", "slug")
    name = _field("name", "nom")
    acronym = _field("acronym", "sigle")
    is_national = _bool("is_national", "national")
    field_of_intervention = _field("field_of_intervention", "domaine_intervention")
    website = _field("website", "site_internet")

    class Meta(RefreshResource.Meta):
        model = Partner
        name = "Partenaires"
        import_id_fields = ["slug"]
        fields = ["slug", "name", "acronym", "is_national", "field_of_intervention", "website"]


class StructureResource(RefreshResource):
    slug = _field("slug", "slug")
    name = _field("name", "nom")
    kind = _field("kind", "type")
    status = _field("status", "statut")
    labelled_on = _field("labelled_on", "labellisee_le", DateCellWidget())
    manager_kind = _field("manager_kind", "type_gestionnaire")
    manager_name = _field("manager_name", "gestionnaire")
    commune = _key("commune", "commune", Commune, key="insee_code")
    address = _field("address", "adresse")
    # Text as written (annuaire.fields.CoordinateField keeps up to 15 decimals, a comma read as the point).
    latitude = _field("latitude", "latitude")
    longitude = _field("longitude", "longitude")
    email = _field("email", "email")
    phone = _field("phone", "telephone")
    # Unknown until stated: an empty cell stays « à renseigner » for the charter check.
    accessible_reduced_mobility = _bool("accessible_reduced_mobility", "accessible_pmr", unknown=True)
    has_visio = _bool("has_visio", "visio", unknown=True)
    has_public_computers = _bool("has_public_computers", "ordinateurs")
    has_printer_scanner = _bool("has_printer_scanner", "imprimante_scanner")
    has_wifi = _bool("has_wifi", "wifi")
    has_confidential_space = _bool("has_confidential_space", "espace_confidentiel", unknown=True)
    referent_name = _field("referent_name", "referent_nom")
    referent_function = _field("referent_function", "referent_fonction")
    referent_phone = _field("referent_phone", "referent_telephone")
    referent_email = _field("referent_email", "referent_email")
    elected_name = _field("elected_name", "elu_nom")
    elected_function = _field("elected_function", "elu_fonction")
    elected_phone = _field("elected_phone", "elu_telephone")
    elected_email = _field("elected_email", "elu_email")
    partners = _keys("partners", "partenaires", Partner)
    opening_hours = ScheduleField(
        "opening_hours", schedule_text.parse_week, schedule_text.format_week, column_name="horaires"
    )
    closures = ScheduleField(
        "closures", schedule_text.parse_closures, schedule_text.format_closures, column_name="fermetures"
    )

    columns = {
        "commune": INSEE_CODE,
        "telephone": PHONE,
        "referent_telephone": Column(digits=10),
        "elu_telephone": Column(digits=10),
    }

    class Meta(RefreshResource.Meta):
        model = Structure
        name = "Structures (avec horaires)"
        import_id_fields = ["slug"]
        fields = [
            "slug", "name", "kind", "status", "labelled_on", "manager_kind", "manager_name", "commune",
            "address", "latitude", "longitude", "email", "phone", "accessible_reduced_mobility",
            "has_visio", "has_public_computers", "has_printer_scanner", "has_wifi",
            "has_confidential_space", "referent_name", "referent_function", "referent_phone",
            "referent_email", "elected_name", "elected_function", "elected_phone", "elected_email",
            "partners", "opening_hours", "closures",
        ]  # fmt: skip

    def get_queryset(self):
        return Structure.objects.select_related("commune").prefetch_related(
            "partners", "opening_hours", "closures"
        )

    # The refresh tells the partners of changed hours too, as a hand edit does: one change set for
    # the whole file, so each person gets one e-mail listing every structure that concerns them.
    def import_data(self, dataset, **kwargs):
        self.hours_changes = HoursChangeSet(kwargs.get("user"))
        self.dry_run = kwargs.get("dry_run", False)
        return super().import_data(dataset, **kwargs)

    def before_save_instance(self, instance, row, **kwargs):
        super().before_save_instance(instance, row, **kwargs)
        # A structure the file creates has no hours to change: only existing ones are watched.
        self.hours_changes.watch(instance)

    def after_save_instance(self, instance, row, **kwargs):
        self.fields["opening_hours"].write(instance, OpeningHours)
        self.fields["closures"].write(instance, ExceptionalClosure)

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        # A preview or a refused file is rolled back: nothing to record, nothing to send.
        if not self.dry_run and not (result.has_errors() or result.has_validation_errors()):
            self.hours_changes.close()


class ReferentResource(DeletableMixin, RefreshResource):
    partner = _key("partner", "partenaire", Partner)
    full_name = _field("full_name", "nom")
    function = _field("function", "fonction")
    phone = _field("phone", "telephone")
    email = _field("email", "email")
    domains = _keys("domains", "domaines", Domain)
    structures = _keys("structures", "structures", Structure)
    territory = _field("territory", "territoire")
    user = _key("user", "compte", User, key="email")

    columns = {"telephone": PHONE}

    class Meta(RefreshResource.Meta):
        model = Referent
        name = "Référents"
        import_id_fields = ["partner", "full_name"]
        fields = [
            "partner", "full_name", "function", "phone", "email", "domains", "structures", "territory",
            "user", "to_delete",
        ]  # fmt: skip

    def get_queryset(self):
        return Referent.objects.select_related("partner", "user").prefetch_related("domains", "structures")

    def import_instance(self, instance, row, **kwargs):
        account = instance.user if instance.pk else None
        try:
            super().import_instance(instance, row, **kwargs)
        finally:
            # An empty `compte` cell keeps the record's account: the link comes from the account side
            # (annuaire.people) and is undone in the admin, never by a blank cell.
            if account is not None and instance.user_id is None and not _text(row.get("compte")):
                instance.user = account
            # A record with an account shows the account's name and contacts: the preview says so.
            if instance.user_id and instance.partner_id:
                instance.take_account_details()


class PermanenceResource(DeletableMixin, RefreshResource):
    partner = _key("partner", "partenaire", Partner)
    structure = _key("structure", "structure", Structure)
    recurrence = _field("recurrence", "frequence")
    weekday = _field("weekday", "jour", WeekdayWidget())
    weeks_of_month = _field("weeks_of_month", "semaines")
    starts_at = _field("starts_at", "debut", widgets.TimeWidget("%H:%M"))
    ends_at = _field("ends_at", "fin", widgets.TimeWidget("%H:%M"))
    notes = _field("notes", "precisions")

    class Meta(RefreshResource.Meta):
        model = Permanence
        name = "Permanences"
        import_id_fields = ["partner", "structure", "recurrence", "weekday", "weeks_of_month", "starts_at"]
        fields = [
            "partner", "structure", "recurrence", "weekday", "weeks_of_month", "starts_at", "ends_at",
            "notes", "to_delete",
        ]  # fmt: skip

    def get_queryset(self):
        return Permanence.objects.select_related("partner", "structure")


# The order in which a full refresh is imported (each file names records of the files before it).
IMPORT_ORDER = [
    CommuneResource,
    DomainResource,
    PartnerResource,
    StructureResource,
    ReferentResource,
    PermanenceResource,
]

"""Import of the list of authorised people sent by the Département and the State.

One row per person: e-mail, name, role and attachment (the structure of a counsellor or itinerant
agent, the partner of a referent, the commune of a guichet: its town hall, or the MDS located there).
The file is read all-or-nothing (django-import-export runs it in a transaction and refuses to confirm
while a row is invalid), rows that change nothing are skipped, and each new account receives an
invitation to choose its own password once the import is committed.
"""

from django.core.exceptions import ValidationError
from django.db.models import Q
from import_export import fields, widgets

from annuaire import affiliations
from annuaire.enums import COMMUNE_ROLES, STRUCTURE_ROLES
from annuaire.models import Commune, Partner, Structure
from extranet.enums import Role
from extranet.invitations import send_invitation
from extranet.models import User
from extranet.spreadsheets.imports import Column, SpreadsheetResource


class RoleWidget(widgets.CharWidget):
    """Accepts the role's code (`conseiller`) or its label, whatever the case."""

    def clean(self, value, row=None, **kwargs):
        text = (value or "").strip().lower()
        for role in Role:
            if text in (role.value, role.label.lower()):
                return role.value
        choices = ", ".join(Role.values)
        raise ValueError(f"Rôle « {value} » inconnu : indiquez l'un de {choices}.")

    def render(self, value, obj=None, **kwargs):
        return value


def _find(model, value: str):
    """A structure or partner by name, acronym or slug, a commune by name or INSEE code
    (case-insensitive)."""
    if model is Commune:
        lookup = Q(name__iexact=value) | Q(insee_code=value)
    else:
        lookup = Q(name__iexact=value) | Q(slug__iexact=value)
    if model is Partner:
        lookup |= Q(acronym__iexact=value)
    matches = list(model.objects.filter(lookup)[:2])
    return matches[0] if len(matches) == 1 else None


def _describe(role: str, places) -> str:
    """« Conseiller France Services de « MSAP … » », for the import's conflict message."""
    names = ", ".join(f"«\u00a0{place}\u00a0»" for place in places if place is not None)
    return Role(role).label + (f" de {names}" if names else "")


class AuthorisedPersonResource(SpreadsheetResource):
    email = fields.Field(attribute="email", column_name="email", widget=widgets.CharWidget())
    first_name = fields.Field(attribute="first_name", column_name="prenom", widget=widgets.CharWidget())
    last_name = fields.Field(attribute="last_name", column_name="nom", widget=widgets.CharWidget())
    role = fields.Field(attribute="role", column_name="role", widget=RoleWidget())
    job_title = fields.Field(attribute="job_title", column_name="fonction", widget=widgets.CharWidget())
    phone = fields.Field(attribute="phone", column_name="telephone", widget=widgets.CharWidget())
    structure = fields.Field(column_name="structure", dehydrate_method="dehydrate_structure")
    partner = fields.Field(column_name="partenaire", dehydrate_method="dehydrate_partner")
    commune = fields.Field(column_name="commune", dehydrate_method="dehydrate_commune")

    columns = {
        "email": Column(aliases=("courriel", "adresse e-mail", "adresse électronique", "mail")),
        "prenom": Column(required=True),
        "nom": Column(required=True),
        "role": Column(aliases=("rôle", "profil"), required=True),
        "telephone": Column(aliases=("tél", "tel", "numéro de téléphone"), digits=10),
        "commune": Column(aliases=("mairie", "mds")),
    }

    class Meta:
        model = User
        import_id_fields = ["email"]
        fields = [
            "email",
            "first_name",
            "last_name",
            "role",
            "job_title",
            "phone",
            "structure",
            "partner",
            "commune",
        ]
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    def import_data(self, dataset, **kwargs):
        # All or nothing at every step: the admin's confirmation step (process_import) runs the import
        # again without this flag, so a row that became invalid since the preview (a structure deleted
        # meanwhile, a forged confirmation) would otherwise leave the other rows imported.
        kwargs.setdefault("rollback_on_validation_errors", True)
        # Departures: the accounts the confirmation chose to deactivate (see `after_import`).
        self._deactivate_ids = set(kwargs.pop("deactivate_ids", None) or ())
        self._emails_in_file = set()
        return super().import_data(dataset, **kwargs)

    def before_import_row(self, row, **kwargs):
        if row.get("email"):
            row["email"] = str(row["email"]).strip().lower()
            self._emails_in_file.add(row["email"])

    def absent_accounts(self, importer=None):
        """Active accounts the file does not name: the people who left, unless the file is partial.

        The CCI's own accounts (staff) are never in the list of authorised people and never offered.
        """
        accounts = User.objects.filter(is_active=True, is_staff=False, is_superuser=False)
        if importer is not None:
            accounts = accounts.exclude(pk=importer.pk)
        return accounts.exclude(email__in=self._emails_in_file).order_by("last_name", "first_name", "email")

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        absent = list(self.absent_accounts(kwargs.get("user")))
        result.absent_accounts = absent
        if kwargs.get("dry_run") or result.has_errors() or result.has_validation_errors():
            return
        # Only accounts shown as absent in the preview and still absent now; each save ends the
        # person's sessions at once (extranet.signals) and is in the audit log. Nothing is deleted.
        for user in absent:
            if user.pk in self._deactivate_ids:
                user.is_active = False
                user.save(update_fields=["is_active"])
        result.deactivated = [user for user in absent if not user.is_active]

    def get_queryset(self):
        return User.objects.prefetch_related(
            "memberships__structure", "memberships__partner", "memberships__commune"
        )

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        previous_role = instance.role
        if instance.pk is None:
            # Before the model validation (clean_model_instances), which refuses an empty password:
            # a new account has none until the person chooses it from the invitation.
            instance.set_unusable_password()
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        instance._attachment = None
        structure_name = str(row.get("structure") or "").strip()
        partner_name = str(row.get("partenaire") or "").strip()
        commune_name = str(row.get("commune") or "").strip()
        if instance.role in STRUCTURE_ROLES:
            instance._attachment = _find(Structure, structure_name) if structure_name else None
            if instance._attachment is None:
                errors["structure"] = [
                    f"Structure « {structure_name} » introuvable dans l'annuaire."
                    if structure_name
                    else "Un conseiller ou un agent itinérant doit être rattaché à une structure."
                ]
        elif instance.role == Role.REFERENT:
            instance._attachment = _find(Partner, partner_name) if partner_name else None
            if instance._attachment is None:
                errors["partner"] = [
                    f"Partenaire « {partner_name} » introuvable dans l'annuaire."
                    if partner_name
                    else "Un référent doit être rattaché à un partenaire."
                ]
        elif instance.role in COMMUNE_ROLES:
            instance._attachment = _find(Commune, commune_name) if commune_name else None
            if instance._attachment is None:
                errors["commune"] = [
                    f"Commune « {commune_name} » introuvable dans l'annuaire."
                    if commune_name
                    else "Un guichet d'orientation doit être rattaché à la commune de sa mairie ou de sa MDS."
                ]
        if instance.pk is not None and "email" not in errors:
            conflict = self._account_conflict(instance, previous_role)
            if conflict:
                errors["email"] = [conflict]
        if errors:
            raise ValidationError(errors)

    def _account_conflict(self, user, previous_role: str) -> str | None:
        """Why this row may not update the existing account with its address, or None.

        A row never moves an account to another role, structure or partner: that would give a person
        the rights of another (a typo or a stale address in the list turning a counsellor into a
        partner's referent and forum moderator). The CCI makes such a change in the admin, on purpose.
        """
        current = [m.target for m in user.memberships.all()]
        target = user._attachment
        if previous_role == user.role and (target is None or not current or target in current):
            return None
        return (
            f"Colonne «\u00a0email\u00a0»\u00a0: l'adresse {user.email} est celle d'un compte existant "
            f"({_describe(previous_role, current)})\u202f; "
            f"cette ligne en ferait\u00a0: {_describe(user.role, [target])}. "
            "Corrigez l'adresse dans le fichier, ou faites ce changement dans la fiche de la personne "
            "avant d'importer."
        )

    def _has_attachment(self, user) -> bool:
        target = user._attachment
        if target is None or user.pk is None:
            return target is None
        return affiliations.is_attached(user, target)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        return super().skip_row(instance, original, row, import_validation_errors) and self._has_attachment(
            instance
        )

    def before_save_instance(self, instance, row, **kwargs):
        instance._is_new = instance.pk is None

    def after_save_instance(self, instance, row, **kwargs):
        target = instance._attachment
        if target is not None:
            affiliations.attach(instance, target)
        if instance._is_new and not kwargs.get("dry_run"):
            send_invitation(instance)

    def dehydrate_structure(self, user):
        return ", ".join(m.structure.name for m in user.memberships.all() if m.structure_id)

    def dehydrate_partner(self, user):
        return ", ".join(m.partner.name for m in user.memberships.all() if m.partner_id)

    def dehydrate_commune(self, user):
        return ", ".join(m.commune.name for m in user.memberships.all() if m.commune_id)

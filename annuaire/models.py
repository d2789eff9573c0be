from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from annuaire.enums import ManagerKind, StructureKind, StructureStatus
from extranet.enums import Role


class Commune(models.Model):
    """A commune of Tarn-et-Garonne, keyed by its INSEE code (stable across databases)."""

    insee_code = models.CharField(
        "code INSEE",
        max_length=5,
        unique=True,
        validators=[RegexValidator(r"^82\d{3}$", "Un code INSEE de Tarn-et-Garonne commence par 82.")],
    )
    name = models.CharField("nom", max_length=100)
    postal_code = models.CharField(
        "code postal", max_length=5, validators=[RegexValidator(r"^82\d{3}$", "Code postal invalide.")]
    )

    class Meta:
        verbose_name = "commune"
        verbose_name_plural = "communes"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.insee_code,)


class StructureQuerySet(models.QuerySet):
    def open_to_public(self):
        return self.exclude(status__in=[StructureStatus.CLOSED, StructureStatus.PROJECT])


class Structure(models.Model):
    """A France Services counter (fixed, itinerant unit or antenna)."""

    name = models.CharField("nom", max_length=150, unique=True)
    slug = models.SlugField("identifiant d'adresse", max_length=150, unique=True)
    kind = models.CharField("type", max_length=20, choices=StructureKind.choices, default=StructureKind.FIXED)
    status = models.CharField(
        "statut", max_length=20, choices=StructureStatus.choices, default=StructureStatus.LABELLED
    )
    labelled_on = models.DateField("labellisée le", null=True, blank=True)
    manager_kind = models.CharField(
        "type de gestionnaire", max_length=20, choices=ManagerKind.choices, blank=True
    )
    manager_name = models.CharField("gestionnaire", max_length=150, blank=True)
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="structures", verbose_name="commune"
    )
    address = models.CharField("adresse", max_length=255, blank=True)
    email = models.EmailField("e-mail de contact", blank=True)
    phone = models.CharField("téléphone", max_length=20, blank=True)

    objects = StructureQuerySet.as_manager()

    class Meta:
        verbose_name = "structure France Services"
        verbose_name_plural = "structures France Services"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("annuaire:structure_detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)


class Partner(models.Model):
    """A partner operator: one of the nine national signatories (CAF, CPAM…) or a local partner."""

    name = models.CharField("nom", max_length=200, unique=True)
    acronym = models.CharField("sigle", max_length=30, blank=True)
    slug = models.SlugField("identifiant d'adresse", max_length=100, unique=True)
    is_national = models.BooleanField(
        "partenaire national signataire",
        default=False,
        help_text="Signataire de l'accord-cadre national France Services (les neuf partenaires).",
    )
    field_of_intervention = models.TextField("domaine d'intervention", blank=True)
    website = models.URLField("site internet", blank=True)

    class Meta:
        verbose_name = "partenaire"
        verbose_name_plural = "partenaires"
        ordering = ["-is_national", "name"]

    def __str__(self):
        return self.acronym or self.name

    def get_absolute_url(self):
        return reverse("annuaire:partner_detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True, user__is_active=True)


class Membership(models.Model):
    """A person's attachment to a structure (counsellor, itinerant agent) or to a partner (referent)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name="personne",
    )
    structure = models.ForeignKey(
        Structure,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name="structure",
    )
    partner = models.ForeignKey(
        Partner,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name="partenaire",
    )
    is_active = models.BooleanField("active", default=True)
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = "rattachement"
        verbose_name_plural = "rattachements"
        constraints = [
            models.CheckConstraint(
                condition=Q(structure__isnull=False, partner__isnull=True)
                | Q(structure__isnull=True, partner__isnull=False),
                name="membership_structure_xor_partner",
            ),
            models.UniqueConstraint(fields=["user", "structure"], name="membership_unique_user_structure"),
            models.UniqueConstraint(fields=["user", "partner"], name="membership_unique_user_partner"),
        ]

    def __str__(self):
        return f"{self.user} — {self.structure or self.partner}"

    def clean(self):
        if bool(self.structure_id) == bool(self.partner_id):
            raise ValidationError("Un rattachement vise soit une structure, soit un partenaire.")
        role = getattr(self.user, "role", None) if self.user_id else None
        if role == Role.REFERENT and not self.partner_id:
            raise ValidationError({"partner": "Un référent est rattaché à un partenaire."})
        if role in (Role.CONSEILLER, Role.ITINERANT) and not self.structure_id:
            raise ValidationError(
                {"structure": "Un conseiller ou un agent itinérant est rattaché à une structure."}
            )

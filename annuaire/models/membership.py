"""A person's attachment to a structure, a partner or a commune."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from annuaire.enums import COMMUNE_ROLES, PARTNER_ROLES, STRUCTURE_ROLES
from annuaire.models.directory import Commune, Partner, Structure


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True, user__is_active=True)


class Membership(models.Model):
    """A person's attachment to a structure (counsellor, itinerant agent), to a partner (referent) or to
    a commune (guichet: its town-hall secretariat, or an MDS located there). Exactly one of the three."""

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
    commune = models.ForeignKey(
        Commune,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name="commune (mairie ou MDS)",
    )
    is_active = models.BooleanField("active", default=True)
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = "rattachement"
        verbose_name_plural = "rattachements"
        constraints = [
            models.CheckConstraint(
                condition=Q(structure__isnull=False, partner__isnull=True, commune__isnull=True)
                | Q(structure__isnull=True, partner__isnull=False, commune__isnull=True)
                | Q(structure__isnull=True, partner__isnull=True, commune__isnull=False),
                name="membership_one_target",
            ),
            models.UniqueConstraint(fields=["user", "structure"], name="membership_unique_user_structure"),
            models.UniqueConstraint(fields=["user", "partner"], name="membership_unique_user_partner"),
            models.UniqueConstraint(fields=["user", "commune"], name="membership_unique_user_commune"),
        ]

    def __str__(self):
        return f"{self.user} — {self.target}"

    @property
    def target(self) -> Structure | Partner | Commune | None:
        return self.structure or self.partner or self.commune

    def clean(self):
        if [bool(self.structure_id), bool(self.partner_id), bool(self.commune_id)].count(True) != 1:
            raise ValidationError(
                "Un rattachement vise soit une structure, soit un partenaire, soit une commune."
            )
        role = getattr(self.user, "role", None) if self.user_id else None
        if role in PARTNER_ROLES and not self.partner_id:
            raise ValidationError({"partner": "Un référent est rattaché à un partenaire."})
        if role in STRUCTURE_ROLES and not self.structure_id:
            raise ValidationError(
                {"structure": "Un conseiller ou un agent itinérant est rattaché à une structure."}
            )
        if role in COMMUNE_ROLES and not self.commune_id:
            raise ValidationError(
                {"commune": "Un guichet d'orientation est rattaché à la commune de sa mairie ou de sa MDS."}
            )

"""The directory: communes, France Services structures, partners, domains of competence, referents."""

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from annuaire.enums import ManagerKind, NationalFormat, StructureKind, StructureStatus, Weekday
from annuaire.fields import CoordinateField, PhoneField
from annuaire.phones import normalize_french_phone
from extranet.search.models import SearchableText, search_index, search_queryset
from extranet.search.text import search_terms

if TYPE_CHECKING:
    from annuaire.models.schedule import ExceptionalClosure, OpeningHours

# How long a verification stays valid: the CCI refreshes the directory every year
# (convention extranet, art. 2, 2°; docs/decisions.md).
VERIFICATION_VALIDITY = dt.timedelta(days=365)


class VerifiableQuerySet(models.QuerySet):
    def verified_since(self, moment: dt.datetime):
        return self.filter(verified_at__gte=moment)

    def needing_verification(self, now: dt.datetime | None = None):
        """Records never verified, or verified longer ago than the yearly refresh allows."""
        now = now or timezone.now()
        return self.filter(Q(verified_at__isnull=True) | Q(verified_at__lt=now - VERIFICATION_VALIDITY))


class Verifiable(models.Model):
    """When and by whom a record was last confirmed as up to date ("Les informations sont à jour")."""

    verified_at = models.DateTimeField("vérifiée le", null=True, blank=True, editable=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name="vérifiée par",
    )

    class Meta:
        abstract = True

    def mark_verified(self, user) -> None:
        self.verified_at = timezone.now()
        self.verified_by = user
        self.save(update_fields=["verified_at", "verified_by"])

    def is_verified_recently(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.verified_at is not None and self.verified_at >= now - VERIFICATION_VALIDITY


class DirectoryQuerySet(models.QuerySet):
    def matching(self, text: str):
        """The records whose name matches `text` (accent- and case-insensitive, ranked), all if empty."""
        return search_queryset(self, text)


class ReferenceListQuerySet(models.QuerySet):
    """A short reference list (the communes, the domains of competence), chosen by name in the list
    filters past 60 entries (`extranet.forms.ShortListChoiceField`)."""

    def matching(self, text: str):
        """The entries whose name has a word beginning with each word of `text`, accents and case
        ignored, as the search boxes match names. Compared in Python: these tables keep no search text,
        and the département's 195 communes bound the longest of them."""
        terms = search_terms(text)
        found = [
            pk
            for pk, name in self.values_list("pk", "name")
            if all(any(word.startswith(term) for word in search_terms(name)) for term in terms)
        ]
        return self.filter(pk__in=found)


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

    objects = ReferenceListQuerySet.as_manager()

    class Meta:
        verbose_name = "commune"
        verbose_name_plural = "communes"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        renamed = not self._state.adding
        super().save(*args, **kwargs)
        if renamed:  # its structures are found by the commune's name: keep their search text in step
            for structure in self.structures.select_related("commune"):
                structure.save(update_fields=[])

    def natural_key(self):
        return (self.insee_code,)


class StructureQuerySet(DirectoryQuerySet, VerifiableQuerySet):
    def open_to_public(self):
        return self.exclude(status__in=[StructureStatus.CLOSED, StructureStatus.PROJECT])

    def open_on(self, weekday: int):
        # Imported here: the schedule models refer to Structure, so they load after this module.
        from annuaire.models.schedule import OpeningHours

        return self.filter(Exists(OpeningHours.objects.filter(structure=OuterRef("pk"), weekday=weekday)))

    def with_partner(self, partner):
        return self.filter(partners=partner)

    def with_week(self):
        """Everything the hours, "open now" and charter computations read, in a fixed number of queries."""
        return self.select_related("commune").prefetch_related("opening_hours", "closures", "partners")


class Structure(SearchableText, Verifiable):
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
    address_complement = models.CharField("complément d'adresse", max_length=255, blank=True)
    latitude = CoordinateField("latitude", null=True, blank=True)
    longitude = CoordinateField("longitude", limit=180, null=True, blank=True)
    email = models.EmailField("e-mail de contact", blank=True)
    phone = PhoneField("téléphone", blank=True)

    # Unknown (None) until someone says: the charter check then reads « À renseigner », not « Non respecté ».
    accessible_reduced_mobility = models.BooleanField(
        "accessible aux personnes à mobilité réduite", null=True, blank=True, default=None
    )
    has_visio = models.BooleanField("équipement de visioconférence", null=True, blank=True, default=None)
    has_public_computers = models.BooleanField("ordinateurs en libre accès", default=False)
    has_printer_scanner = models.BooleanField("imprimante et scanner", default=False)
    has_wifi = models.BooleanField("Wi-Fi public", default=False)
    has_confidential_space = models.BooleanField(
        "espace de confidentialité", null=True, blank=True, default=None
    )

    referent_name = models.CharField("référent de la structure", max_length=150, blank=True)
    referent_function = models.CharField("fonction du référent", max_length=150, blank=True)
    referent_phone = PhoneField("téléphone du référent", blank=True)
    referent_email = models.EmailField("e-mail du référent", blank=True)
    elected_name = models.CharField("élu référent", max_length=150, blank=True)
    elected_function = models.CharField("fonction de l'élu", max_length=150, blank=True)
    elected_phone = PhoneField("téléphone de l'élu", blank=True)
    elected_email = models.EmailField("e-mail de l'élu", blank=True)

    partners = models.ManyToManyField(
        "Partner", blank=True, related_name="structures_present", verbose_name="partenaires présents"
    )

    # What the national list of France Services (ANCT open data) says and the directory has no
    # field of its own for, kept as published so that the export gives it back (annuaire/national.py).
    national_id = models.CharField(
        "identifiant national (id_fs)",
        max_length=30,
        blank=True,
        help_text="L'identifiant de la structure dans la liste nationale des France Services.",
    )
    appointment_booking = models.BooleanField(
        "prise de rendez-vous (prise_rdv)", null=True, blank=True, default=None
    )
    national_comment = models.TextField(
        "commentaire de la liste nationale",
        blank=True,
        help_text="Pour une structure itinérante, la liste nationale y décrit les arrêts.",
    )
    national_format = models.CharField(
        "format (format_fs)", max_length=20, choices=NationalFormat.choices, blank=True
    )
    national_group = models.CharField("groupe (groupe_fs)", max_length=150, blank=True)
    national_type = models.CharField("type (type_fs)", max_length=150, blank=True)

    objects = StructureQuerySet.as_manager()

    class Meta:
        verbose_name = "structure France Services"
        verbose_name_plural = "structures France Services"
        ordering = ["name"]
        indexes = [search_index("structure_search_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["national_id"],
                condition=~Q(national_id=""),
                name="structure_unique_national_id",
                violation_error_message="Une autre structure a déjà cet identifiant national (id_fs).",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("annuaire:structure_detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    def text_for_search(self) -> tuple[str, str]:
        return self.name, self.commune.name

    # The methods below read `opening_hours` and `closures` through `.all()`, so that a queryset built
    # with `with_week()` answers them without further queries.

    def week(self) -> list[tuple[Weekday, list["OpeningHours"]]]:
        """Each day of the week with its opening ranges in order (an empty list when closed)."""
        ranges = sorted(self.opening_hours.all(), key=lambda r: (r.weekday, r.opens))
        return [(day, [r for r in ranges if r.weekday == day]) for day in Weekday]

    def weekly_minutes(self) -> int:
        return sum(r.minutes() for r in self.opening_hours.all())

    def open_days_count(self) -> int:
        return len({r.weekday for r in self.opening_hours.all()})

    def closure_on(self, day: dt.date) -> "ExceptionalClosure | None":
        return next((c for c in self.closures.all() if c.starts_on <= day <= c.ends_on), None)

    def next_opening(self, moment: dt.datetime, horizon_days: int = 31) -> dt.datetime | None:
        """When the structure next opens after `moment` (Paris time), skipping closures; None if not soon."""
        local = timezone.localtime(moment)
        ranges = sorted(self.opening_hours.all(), key=lambda r: r.opens)
        for offset in range(horizon_days + 1):
            day = local.date() + dt.timedelta(days=offset)
            if self.closure_on(day):
                continue
            for r in ranges:
                if r.weekday == day.weekday() and (offset or r.opens > local.time()):
                    return dt.datetime.combine(day, r.opens, tzinfo=local.tzinfo)
        return None

    def is_open_at(self, moment: dt.datetime) -> bool:
        local = timezone.localtime(moment)
        if self.closure_on(local.date()):
            return False
        return any(
            r.weekday == local.weekday() and r.opens <= local.time() < r.closes
            for r in self.opening_hours.all()
        )


class PartnerQuerySet(DirectoryQuerySet, VerifiableQuerySet):
    pass


class Partner(SearchableText, Verifiable):
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

    objects = PartnerQuerySet.as_manager()

    class Meta:
        verbose_name = "partenaire"
        verbose_name_plural = "partenaires"
        ordering = ["-is_national", "name"]
        indexes = [search_index("partner_search_idx")]

    def __str__(self):
        return self.acronym or self.name

    def get_absolute_url(self):
        return reverse("annuaire:partner_detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    def text_for_search(self) -> tuple[str, str]:
        return f"{self.name} {self.acronym}", ""

    def mark_verified(self, user) -> None:
        """Confirming a partner's page confirms the referents listed on it too."""
        super().mark_verified(user)
        for referent in self.referents.all():
            referent.mark_verified(user)


class Domain(models.Model):
    """A domain of competence of referents (retraite, impôts, titres sécurisés…).

    A small table rather than fixed choices: the CCI adds domains in the admin without a deployment.
    """

    name = models.CharField("nom", max_length=100, unique=True)
    slug = models.SlugField("identifiant d'adresse", max_length=100, unique=True)

    objects = ReferenceListQuerySet.as_manager()

    class Meta:
        verbose_name = "domaine de compétence"
        verbose_name_plural = "domaines de compétence"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class ReferentQuerySet(DirectoryQuerySet, VerifiableQuerySet):
    def for_partner(self, partner):
        return self.filter(partner=partner)

    def for_domain(self, domain):
        return self.filter(domains=domain)

    def covering(self, structure):
        """Referents named for `structure`, and those who cover a whole territory."""
        named = Referent.structures.through.objects.filter(referent=OuterRef("pk"), structure=structure)
        return self.filter(Exists(named) | ~Q(territory=""))

    def with_details(self):
        return self.select_related("partner", "user").prefetch_related("domains", "structures")

    def listed(self):
        """The records the directory shows: those without an account (a referent who never logs in),
        and those whose account is active and speaks for the record's partner today. A person who
        left (account deactivated, attachment ended, role changed) drops out; the record is kept."""
        # Imported here: the affiliations module imports these models.
        from annuaire.affiliations import memberships

        speaking = memberships().filter(user=OuterRef("user"), partner=OuterRef("partner"))
        return self.filter(Q(user__isnull=True) | Exists(speaking))


class Referent(SearchableText, Verifiable):
    """A person a counsellor can call at a partner for a blocked case. Contacts are for members only."""

    full_name = models.CharField("nom et prénom", max_length=150)
    function = models.CharField("fonction", max_length=150, blank=True)
    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="referents", verbose_name="partenaire"
    )
    phone = PhoneField("téléphone direct", blank=True)
    email = models.EmailField("e-mail direct", blank=True)
    domains = models.ManyToManyField(
        Domain, blank=True, related_name="referents", verbose_name="domaines de compétence"
    )
    structures = models.ManyToManyField(
        Structure, blank=True, related_name="referents", verbose_name="structures couvertes"
    )
    territory = models.CharField(
        "territoire couvert", max_length=200, blank=True, help_text="Par exemple : tout le département."
    )
    # One person, one record: when the referent has an account, the record is theirs, its name,
    # function, phone and e-mail come from their profile (« Mon compte ») and they keep the rest up to
    # date themselves. Deleting the account leaves a record without account (docs/decisions.md).
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referent_record",
        verbose_name="compte sur l'extranet",
        help_text="Avec un compte, le nom, la fonction, le téléphone et l'e-mail sont ceux de son profil.",
    )

    objects = ReferentQuerySet.as_manager()

    class Meta:
        verbose_name = "référent"
        verbose_name_plural = "référents"
        ordering = ["partner", "full_name"]
        constraints = [
            models.UniqueConstraint(fields=["partner", "full_name"], name="referent_unique_name_per_partner")
        ]
        indexes = [search_index("referent_search_idx")]

    def __str__(self):
        return f"{self.full_name} ({self.partner})"

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if self.user_id and (update_fields is None or {"user", "full_name"} & set(update_fields)):
            self.take_account_details()
        super().save(*args, **kwargs)

    def text_for_search(self) -> tuple[str, str]:
        return self.full_name, ""

    def take_account_details(self) -> None:
        """Name, function, phone and e-mail as the account holder shows them to the members.

        The e-mail is the one they chose to show (`contact_email`), never their login address: an
        empty one means they show none.
        """
        user = self.user
        name = user.get_full_name() or user.email.split("@")[0]
        self.full_name = self._free_name(name[: self._meta.get_field("full_name").max_length])
        self.function = user.job_title
        self.phone = _directory_phone(user.phone)
        self.email = user.contact_email

    def _free_name(self, name: str) -> str:
        """`name`, numbered when another record of the partner has it (two namesakes at one partner)."""
        namesakes = Referent.objects.filter(partner_id=self.partner_id).exclude(pk=self.pk)
        candidate, number = name, 1
        while namesakes.filter(full_name=candidate).exists():
            number += 1
            candidate = f"{name} ({number})"
        return candidate


def _directory_phone(value: str) -> str:
    """A profile's phone as the directory writes it; kept as typed when it is not a French number."""
    if not value:
        return ""
    try:
        return normalize_french_phone(value)
    except ValidationError:
        return value[: Referent._meta.get_field("phone").max_length]

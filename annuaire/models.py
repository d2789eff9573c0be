import datetime as dt
from collections.abc import Iterator

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from annuaire.enums import ManagerKind, Recurrence, StructureKind, StructureStatus, Weekday
from annuaire.phones import normalize_french_phone
from extranet.enums import Role
from extranet.search import search_key

# How long a verification stays valid: the CCI refreshes the directory every year (seed 000, 2.2).
VERIFICATION_VALIDITY = dt.timedelta(days=365)


class PhoneField(models.CharField):
    """A French phone number, stored as "05 63 12 34 56" whichever way it was typed."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_french_phone(value) if value else value


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


class Searchable(models.Model):
    """Keeps `search_name`, the accent-free form of the name, in step with it on every save."""

    search_name = models.CharField(max_length=255, editable=False, db_index=True, default="")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.search_name = search_key(self.name_for_search())
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_name"}
        super().save(*args, **kwargs)

    def name_for_search(self) -> str:
        return self.name


class SearchableQuerySet(models.QuerySet):
    search_fields: tuple[str, ...] = ("search_name",)

    def matching(self, text: str):
        """Accent- and case-insensitive match of `text` inside any of `search_fields`."""
        key = search_key(text)
        if not key:
            return self
        condition = Q()
        for field in self.search_fields:
            condition |= Q(**{f"{field}__contains": key})
        return self.filter(condition)


class Commune(Searchable):
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
    objects = SearchableQuerySet.as_manager()

    class Meta:
        verbose_name = "commune"
        verbose_name_plural = "communes"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.insee_code,)


class StructureQuerySet(SearchableQuerySet, VerifiableQuerySet):
    search_fields = ("search_name", "commune__search_name")

    def open_to_public(self):
        return self.exclude(status__in=[StructureStatus.CLOSED, StructureStatus.PROJECT])

    def open_on(self, weekday: int):
        return self.filter(Exists(OpeningHours.objects.filter(structure=OuterRef("pk"), weekday=weekday)))

    def with_partner(self, partner):
        return self.filter(partners=partner)

    def with_counsellor_count(self):
        active = Q(memberships__is_active=True, memberships__user__is_active=True)
        return self.annotate(counsellor_count=Count("memberships", filter=active, distinct=True))

    def with_week(self):
        """Everything the hours, "open now" and charter computations read, in a fixed number of queries."""
        return self.select_related("commune").prefetch_related("opening_hours", "closures", "partners")


class Structure(Searchable, Verifiable):
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
    latitude = models.DecimalField(
        "latitude",
        max_digits=8,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        "longitude",
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    email = models.EmailField("e-mail de contact", blank=True)
    phone = PhoneField("téléphone", blank=True)

    accessible_reduced_mobility = models.BooleanField(
        "accessible aux personnes à mobilité réduite", default=False
    )
    has_visio = models.BooleanField("équipement de visioconférence", default=False)
    has_public_computers = models.BooleanField("ordinateurs en libre accès", default=False)
    has_printer_scanner = models.BooleanField("imprimante et scanner", default=False)
    has_wifi = models.BooleanField("Wi-Fi public", default=False)
    has_confidential_space = models.BooleanField("espace de confidentialité", default=False)

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


class PartnerQuerySet(SearchableQuerySet, VerifiableQuerySet):
    pass


class Partner(Searchable, Verifiable):
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

    def __str__(self):
        return self.acronym or self.name

    def get_absolute_url(self):
        return reverse("annuaire:partner_detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    def name_for_search(self) -> str:
        return f"{self.name} {self.acronym}"

    def mark_verified(self, user) -> None:
        """Confirming a partner's page confirms the referents listed on it too."""
        super().mark_verified(user)
        for referent in self.referents.all():
            referent.mark_verified(user)


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


def format_time(value: dt.time) -> str:
    """French way of writing a time: "9 h", "13 h 30"."""
    return f"{value.hour} h" if not value.minute else f"{value.hour} h {value.minute:02d}"


def format_time_range(start: dt.time, end: dt.time) -> str:
    return f"{format_time(start)} – {format_time(end)}"


def _check_time_order(start: dt.time | None, end: dt.time | None, end_field: str) -> None:
    if start and end and start >= end:
        raise ValidationError({end_field: "L'heure de fin doit être postérieure à l'heure de début."})


class OpeningHours(models.Model):
    """One opening time range of a structure on a weekday; a day may have several (morning, afternoon)."""

    structure = models.ForeignKey(
        Structure, on_delete=models.CASCADE, related_name="opening_hours", verbose_name="structure"
    )
    weekday = models.PositiveSmallIntegerField("jour", choices=Weekday.choices)
    opens = models.TimeField("ouverture")
    closes = models.TimeField("fermeture")

    class Meta:
        verbose_name = "plage d'ouverture"
        verbose_name_plural = "horaires d'ouverture"
        ordering = ["structure", "weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens__lt=F("closes")), name="opening_hours_opens_before_closes"
            )
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.time_range()}"

    def clean(self):
        # Overlaps are a property of the whole set of a structure's ranges, not of one row: the
        # formset (or an import) checks them with `first_overlap()` once every row is known, so that
        # replacing 9 h – 12 h by 9 h – 12 h 30 in one submission is not refused.
        _check_time_order(self.opens, self.closes, "closes")

    @staticmethod
    def first_overlap(ranges: list["OpeningHours"]) -> tuple["OpeningHours", "OpeningHours"] | None:
        """The first two ranges of `ranges` that overlap on the same day, or None."""
        ordered = sorted(ranges, key=lambda r: (r.weekday, r.opens))
        return next(((a, b) for a, b in zip(ordered, ordered[1:], strict=False) if a.overlaps(b)), None)

    def overlaps(self, other: "OpeningHours") -> bool:
        return self.weekday == other.weekday and self.opens < other.closes and other.opens < self.closes

    def minutes(self) -> int:
        return (self.closes.hour * 60 + self.closes.minute) - (self.opens.hour * 60 + self.opens.minute)

    def time_range(self) -> str:
        return format_time_range(self.opens, self.closes)


class ExceptionalClosure(models.Model):
    """Days a structure is closed outside its usual hours (holidays, training, works)."""

    structure = models.ForeignKey(
        Structure, on_delete=models.CASCADE, related_name="closures", verbose_name="structure"
    )
    starts_on = models.DateField("du")
    ends_on = models.DateField("au (inclus)")
    reason = models.CharField("motif", max_length=200, blank=True)

    class Meta:
        verbose_name = "fermeture exceptionnelle"
        verbose_name_plural = "fermetures exceptionnelles"
        ordering = ["structure", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__lte=F("ends_on")), name="closure_starts_before_it_ends"
            )
        ]

    def __str__(self):
        if self.starts_on == self.ends_on:
            return f"le {self.starts_on:%d/%m/%Y}"
        return f"du {self.starts_on:%d/%m/%Y} au {self.ends_on:%d/%m/%Y}"

    def clean(self):
        if self.starts_on and self.ends_on and self.starts_on > self.ends_on:
            raise ValidationError(
                {"ends_on": "La date de fin doit être égale ou postérieure à la date de début."}
            )


class Domain(models.Model):
    """A domain of competence of referents (retraite, impôts, titres sécurisés…).

    A small table rather than fixed choices: the CCI adds domains in the admin without a deployment.
    """

    name = models.CharField("nom", max_length=100, unique=True)
    slug = models.SlugField("identifiant d'adresse", max_length=100, unique=True)

    class Meta:
        verbose_name = "domaine de compétence"
        verbose_name_plural = "domaines de compétence"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class ReferentQuerySet(SearchableQuerySet, VerifiableQuerySet):
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


class Referent(Searchable, Verifiable):
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
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referent_profiles",
        verbose_name="compte sur l'extranet",
    )

    objects = ReferentQuerySet.as_manager()

    class Meta:
        verbose_name = "référent"
        verbose_name_plural = "référents"
        ordering = ["partner", "full_name"]
        constraints = [
            models.UniqueConstraint(fields=["partner", "full_name"], name="referent_unique_name_per_partner")
        ]

    def __str__(self):
        return f"{self.full_name} ({self.partner})"

    def name_for_search(self) -> str:
        return self.full_name


class PermanenceQuerySet(models.QuerySet):
    def with_closures(self, since: dt.date):
        """Prefetch the structures' closures ending on or after `since`, what `next_occurrences` reads."""
        closures = ExceptionalClosure.objects.filter(ends_on__gte=since)
        return self.prefetch_related(Prefetch("structure__closures", queryset=closures))


class Permanence(models.Model):
    """A partner's recurring presence at a structure: "2e et 4e mardis du mois, 9 h – 12 h"."""

    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="permanences", verbose_name="partenaire"
    )
    structure = models.ForeignKey(
        Structure, on_delete=models.CASCADE, related_name="permanences", verbose_name="structure"
    )
    recurrence = models.CharField(
        "fréquence", max_length=20, choices=Recurrence.choices, default=Recurrence.WEEKLY
    )
    weekday = models.PositiveSmallIntegerField("jour", choices=Weekday.choices, null=True, blank=True)
    # Which occurrences of the weekday in the month, as "2,4" for the 2nd and 4th (monthly only).
    weeks_of_month = models.CharField(
        "semaines du mois",
        max_length=9,
        blank=True,
        validators=[
            RegexValidator(r"^[1-5](,[1-5])*$", "Indiquez des rangs de 1 à 5 séparés par des virgules.")
        ],
    )
    starts_at = models.TimeField("début", null=True, blank=True)
    ends_at = models.TimeField("fin", null=True, blank=True)
    notes = models.TextField("précisions", blank=True)

    objects = PermanenceQuerySet.as_manager()

    class Meta:
        verbose_name = "permanence"
        verbose_name_plural = "permanences"
        ordering = ["partner", "structure", "weekday", "starts_at"]
        constraints = [
            # The natural key of the refresh files (resources_refresh.PermanenceResource): two rows
            # with the same key would make the import pick one at random, or fail. Day and start
            # are empty for appointments and visio; SQL treats NULLs as all different, so they are
            # compared through a placeholder (an index on expressions, fine on SQLite and PostgreSQL).
            models.UniqueConstraint(
                F("partner"),
                F("structure"),
                F("recurrence"),
                Coalesce(F("weekday"), Value(-1)),
                F("weeks_of_month"),
                Coalesce(F("starts_at"), Value(dt.time(0))),
                name="permanence_unique_natural_key",
                violation_error_message=(
                    "Cette permanence existe déjà : le partenaire a déjà une permanence dans cette "
                    "structure avec la même fréquence, le même jour, les mêmes semaines et la même "
                    "heure de début. Modifiez celle-ci plutôt que d'en ajouter une seconde."
                ),
            )
        ]

    def __str__(self):
        return f"{self.partner} à {self.structure} : {self.describe()}"

    def clean(self):
        _check_time_order(self.starts_at, self.ends_at, "ends_at")
        if self.is_calendar_based():
            errors = {}
            if self.weekday is None:
                errors["weekday"] = "Indiquez le jour de la permanence."
            if not (self.starts_at and self.ends_at):
                errors["starts_at"] = "Indiquez l'heure de début et l'heure de fin."
            if self.recurrence == Recurrence.MONTHLY and not self.weeks_of_month:
                errors["weeks_of_month"] = "Indiquez quelles semaines du mois (par exemple 2e et 4e)."
            if errors:
                raise ValidationError(errors)

    def is_calendar_based(self) -> bool:
        return self.recurrence in (Recurrence.WEEKLY, Recurrence.MONTHLY)

    def week_numbers(self) -> list[int]:
        return sorted({int(n) for n in self.weeks_of_month.split(",") if n})

    def describe(self) -> str:
        """The schedule in French words, e.g. "2e et 4e mardis du mois, 9 h – 12 h"."""
        times = format_time_range(self.starts_at, self.ends_at) if self.starts_at and self.ends_at else ""
        if self.recurrence == Recurrence.WEEKLY:
            when = f"Tous les {Weekday(self.weekday).label}s"
        elif self.recurrence == Recurrence.MONTHLY:
            numbers = self.week_numbers()
            ranks = [("1er" if n == 1 else f"{n}e") for n in numbers]
            ranks_text = ranks[0] if len(ranks) == 1 else f"{', '.join(ranks[:-1])} et {ranks[-1]}"
            plural = "s" if len(ranks) > 1 else ""
            when = f"{ranks_text} {Weekday(self.weekday).label}{plural} du mois"
        else:
            when = self.get_recurrence_display()
        return f"{when}, {times}" if times else when

    def next_occurrences(self, after: dt.date, count: int = 3) -> Iterator[dt.date]:
        """The next `count` dates on or after `after` (none for appointments and visio).

        Days the structure is exceptionally closed are skipped: the partner is not received there.
        The closures are read through `structure.closures.all()`, so lists of permanences prefetch
        `structure__closures` (see `PermanenceQuerySet.with_closures()`) and cost no query per row.
        """
        if not self.is_calendar_based():
            return
        closures = (
            [c for c in self.structure.closures.all() if c.ends_on >= after] if self.structure_id else []
        )
        found = 0
        day = after + dt.timedelta(days=(self.weekday - after.weekday()) % 7)
        # Bounded: a 5th weekday happens at least every few months, so two years are always enough.
        while found < count and day <= after + dt.timedelta(days=730):
            if (
                self.recurrence == Recurrence.WEEKLY or (day.day - 1) // 7 + 1 in self.week_numbers()
            ) and not any(c.starts_on <= day <= c.ends_on for c in closures):
                yield day
                found += 1
            day += dt.timedelta(days=7)

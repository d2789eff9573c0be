"""The itinerant cell « Proximité des services publics »: its units (vehicles and their agents), its
tours, the sites they serve, the rules that place passages in the calendar, and the passages
themselves with their counts (numbers only: never a person's name).

Who belongs where: a unit belongs to the cell's structure of the directory (kind « unité itinérante »)
and names its agents, accounts with the itinerant role (docs/decisions.md, « Itinérance »).
"""

import datetime as dt
import math

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from annuaire.enums import StructureKind, Weekday
from annuaire.fields import CoordinateField
from annuaire.models import Commune, Domain, Partner, Structure
from extranet.enums import Role
from extranet.typography import format_date, format_time_range, plural
from itinerance.enums import NetworkCoverage, PassageStatus, RuleKind, SiteKind, WeekParity

EARTH_RADIUS_KM = 6371.0


class Unit(models.Model):
    """A vehicle of the cell and the agents who travel with it (2 per unit, says the deliberation)."""

    name = models.CharField("nom", max_length=100, unique=True)
    vehicle = models.CharField(
        "véhicule", max_length=100, blank=True, help_text="Modèle et immatriculation, par exemple."
    )
    structure = models.ForeignKey(
        Structure,
        on_delete=models.PROTECT,
        related_name="itinerant_units",
        limit_choices_to={"kind": StructureKind.ITINERANT},
        verbose_name="structure de l'annuaire",
        help_text="La cellule itinérante dont l'unité fait partie.",
    )
    agents = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="itinerant_units",
        limit_choices_to={"role": Role.ITINERANT},
        verbose_name="agents",
    )
    is_active = models.BooleanField("en service", default=True)

    class Meta:
        verbose_name = "unité itinérante"
        verbose_name_plural = "unités itinérantes"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.structure_id and self.structure.kind != StructureKind.ITINERANT:
            raise ValidationError({"structure": "Choisissez une structure de type « unité itinérante »."})


class TourQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def with_unit(self):
        return self.select_related("unit").prefetch_related("unit__agents")


class Tour(models.Model):
    """A round the unit drives: the sites it serves, in order (`Site.tour`, `Site.position`)."""

    name = models.CharField("nom", max_length=100, unique=True)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="tours", verbose_name="unité")
    description = models.TextField("description", blank=True)
    is_active = models.BooleanField("active", default=True)

    objects = TourQuerySet.as_manager()

    class Meta:
        verbose_name = "tournée"
        verbose_name_plural = "tournées"
        ordering = ["name"]
        permissions = [("plan_passages", "Planifier les passages de la cellule itinérante")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("itinerance:tour_detail", kwargs={"pk": self.pk})


class SiteQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def in_order(self):
        return self.order_by("tour__name", "position", "name")


class Site(models.Model):
    """A place a tour stops at: a town hall or communal room, an MDS, the Hôtel du Département.

    A site is never deleted once it has passages: when its commune gets a labelled France Services the
    passages stop (`is_active` off), and the site keeps its history.
    """

    name = models.CharField("nom", max_length=150)
    kind = models.CharField(
        "type de lieu", max_length=20, choices=SiteKind.choices, default=SiteKind.TOWN_HALL
    )
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="itinerant_sites", verbose_name="commune"
    )
    tour = models.ForeignKey(
        Tour,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sites",
        verbose_name="tournée",
    )
    position = models.PositiveSmallIntegerField(
        "ordre dans la tournée", default=0, help_text="Les sites sont parcourus dans cet ordre."
    )
    structure = models.ForeignKey(
        Structure,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="itinerant_sites",
        verbose_name="fiche de l'annuaire",
        help_text="Pour une maison départementale des solidarités : sa fiche dans l'annuaire.",
    )
    address = models.CharField("adresse", max_length=255, blank=True)
    # Text as written, like the directory's coordinates (annuaire/fields.py says why).
    latitude = CoordinateField("latitude", null=True, blank=True)
    longitude = CoordinateField("longitude", limit=180, null=True, blank=True)
    parking = models.CharField(
        "stationnement du véhicule", max_length=255, blank=True, help_text="Où garer le véhicule."
    )
    step_free = models.BooleanField("accès de plain-pied", null=True, blank=True, default=None)
    network_coverage = models.CharField(
        "couverture du réseau mobile", max_length=10, choices=NetworkCoverage.choices, blank=True
    )
    access_notes = models.TextField("précisions d'accès", blank=True)
    is_active = models.BooleanField("desservi", default=True)
    stopped_on = models.DateField("passages arrêtés le", null=True, blank=True)
    stop_reason = models.CharField("motif de l'arrêt", max_length=255, blank=True)

    objects = SiteQuerySet.as_manager()

    class Meta:
        verbose_name = "site de passage"
        verbose_name_plural = "sites de passage"
        ordering = ["commune__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "name"], name="site_unique_name_per_commune")
        ]

    def __str__(self):
        return self.name if self.commune.name in self.name else f"{self.name} ({self.commune})"

    def get_absolute_url(self):
        return reverse("itinerance:site_detail", kwargs={"pk": self.pk})

    def clean(self):
        if _is_blank(self.latitude) != _is_blank(self.longitude):
            raise ValidationError({"longitude": "Indiquez la latitude et la longitude, ou aucune des deux."})

    @property
    def has_coordinates(self) -> bool:
        return not (_is_blank(self.latitude) or _is_blank(self.longitude))

    def distance_km(self, other: "Site") -> float | None:
        """Great-circle distance (haversine); None when either site has no coordinates (text or numbers
        both read: a site built in memory may hold floats)."""
        if not (self.has_coordinates and other.has_coordinates):
            return None
        lat1, lon1, lat2, lon2 = (
            math.radians(_degrees(value))
            for value in (self.latitude, self.longitude, other.latitude, other.longitude)
        )
        a = (
            math.sin((lat2 - lat1) / 2) ** 2
            + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
        )
        return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))

    def describe_schedule(self) -> str:
        """The usual slot, from its rules: « 1er et 3e mardis du mois, 9 h – 12 h »."""
        return " ; ".join(rule.describe() for rule in self.rules.all())


def _is_blank(coordinate) -> bool:
    return coordinate is None or coordinate == ""


def _degrees(coordinate) -> float:
    # Text as stored ("44.017363"), or as typed before the model is cleaned (a comma for the point).
    return float(str(coordinate).replace(",", "."))


def _ranks_text(numbers: list[int]) -> str:
    ranks = [("1er" if n == 1 else f"{n}e") for n in numbers]
    return ranks[0] if len(ranks) == 1 else f"{', '.join(ranks[:-1])} et {ranks[-1]}"


class Rule(models.Model):
    """When a site is served, in words users know: « 1er et 3e mardis du mois, 9 h – 12 h », « le lundi
    des semaines paires » (ISO week numbers), « un jeudi sur deux à partir du 7 janvier »."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="rules", verbose_name="site")
    kind = models.CharField("fréquence", max_length=20, choices=RuleKind.choices, default=RuleKind.MONTHLY)
    weekday = models.PositiveSmallIntegerField("jour", choices=Weekday.choices)
    # Which occurrences of the weekday in the month, as "1,3" for the 1st and 3rd (monthly only).
    weeks_of_month = models.CharField(
        "semaines du mois",
        max_length=9,
        blank=True,
        validators=[
            RegexValidator(r"^[1-5](,[1-5])*$", "Indiquez des rangs de 1 à 5 séparés par des virgules.")
        ],
    )
    parity = models.CharField("semaines", max_length=10, choices=WeekParity.choices, blank=True)
    starts_on = models.DateField(
        "à partir du",
        null=True,
        blank=True,
        help_text="Obligatoire pour « un jour sur deux semaines » : la date du premier passage.",
    )
    ends_on = models.DateField("jusqu'au", null=True, blank=True)
    starts_at = models.TimeField("début")
    ends_at = models.TimeField("fin")

    class Meta:
        verbose_name = "règle de passage"
        verbose_name_plural = "règles de passage"
        ordering = ["site", "weekday", "starts_at"]

    def __str__(self):
        return f"{self.site} : {self.describe()}"

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = "L'heure de fin doit suivre l'heure de début."
        if self.kind == RuleKind.MONTHLY and not self.weeks_of_month:
            errors["weeks_of_month"] = "Indiquez quelles semaines du mois (par exemple 1 et 3)."
        if self.kind == RuleKind.WEEK_PARITY and not self.parity:
            errors["parity"] = "Indiquez les semaines paires ou impaires."
        if self.kind == RuleKind.FORTNIGHTLY:
            if not self.starts_on:
                errors["starts_on"] = "Indiquez la date du premier passage."
            elif self.weekday is not None and self.starts_on.weekday() != self.weekday:
                errors["starts_on"] = (
                    f"Le {format_date(self.starts_on)} n'est pas un {Weekday(self.weekday).label}."
                )
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = "La fin de la règle précède son début."
        if errors:
            raise ValidationError(errors)

    def week_numbers(self) -> list[int]:
        return sorted({int(n) for n in self.weeks_of_month.split(",") if n})

    def describe(self, today: dt.date | None = None) -> str:
        day = Weekday(self.weekday).label
        if self.kind == RuleKind.MONTHLY:
            numbers = self.week_numbers()
            when = f"{_ranks_text(numbers)} {day}{'s' if len(numbers) > 1 else ''} du mois"
        elif self.kind == RuleKind.WEEK_PARITY:
            when = f"Le {day} des semaines {WeekParity(self.parity).label}"
        else:
            today = today or timezone.localdate()
            start = (
                format_date(self.starts_on, year=self.starts_on.year != today.year) if self.starts_on else ""
            )
            when = f"Un {day} sur deux à partir du {start}"
        return f"{when}, {format_time_range(self.starts_at, self.ends_at)}"

    def matches(self, day: dt.date) -> bool:
        """Whether the rule places a passage on `day` (public holidays are the planner's business)."""
        if day.weekday() != self.weekday:
            return False
        if (self.starts_on and day < self.starts_on) or (self.ends_on and day > self.ends_on):
            return False
        if self.kind == RuleKind.MONTHLY:
            return (day.day - 1) // 7 + 1 in self.week_numbers()
        if self.kind == RuleKind.WEEK_PARITY:
            # ISO week numbers: a year of 53 weeks ends on an odd week and the next starts on week 1.
            even = day.isocalendar().week % 2 == 0
            return even == (self.parity == WeekParity.EVEN)
        return (day - self.starts_on).days % 14 == 0

    def dates_between(self, first: dt.date, last: dt.date) -> list[dt.date]:
        day = first + dt.timedelta(days=(self.weekday - first.weekday()) % 7)
        found = []
        while day <= last:
            if self.matches(day):
                found.append(day)
            day += dt.timedelta(days=7)
        return found


class PassageQuerySet(models.QuerySet):
    def between(self, first: dt.date, last: dt.date):
        return self.filter(date__gte=first, date__lte=last)

    def upcoming(self, today: dt.date | None = None):
        return self.filter(date__gte=today or timezone.localdate())

    def announced(self):
        """Passages that will happen or happened: neither cancelled nor stopped."""
        return self.filter(status__in=[PassageStatus.PLANNED, PassageStatus.HELD])

    def chronological(self):
        return self.order_by("date", "starts_at", "site__name")

    def with_places(self):
        return self.select_related("site", "site__commune", "tour", "tour__unit")


class Passage(models.Model):
    """A tour at a site on a date and time range, and, once held, how many people came (counts only)."""

    tour = models.ForeignKey(Tour, on_delete=models.PROTECT, related_name="passages", verbose_name="tournée")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="passages", verbose_name="site")
    rule = models.ForeignKey(
        Rule,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="passages",
        verbose_name="règle d'origine",
        help_text="Vide pour un passage ajouté à la main.",
    )
    date = models.DateField("date")
    starts_at = models.TimeField("début")
    ends_at = models.TimeField("fin")
    status = models.CharField(
        "statut", max_length=10, choices=PassageStatus.choices, default=PassageStatus.PLANNED
    )
    public_reason = models.CharField(
        "motif affiché au public",
        max_length=255,
        blank=True,
        help_text="Pour une annulation ou un arrêt : panne, météo, agent absent, labellisation…",
    )

    # After the passage: counts only, never who came.
    people_received = models.PositiveIntegerField("personnes reçues", null=True, blank=True)
    level_1 = models.PositiveIntegerField(
        "demandes de niveau 1", null=True, blank=True, help_text="Traitées sur place."
    )
    level_2 = models.PositiveIntegerField(
        "demandes de niveau 2", null=True, blank=True, help_text="Transmises à un référent partenaire."
    )
    oriented_to_mds = models.PositiveIntegerField("personnes orientées vers une MDS", null=True, blank=True)
    digital_sessions = models.PositiveIntegerField("accompagnements numériques", null=True, blank=True)
    counts_recorded_at = models.DateTimeField("chiffres saisis le", null=True, blank=True, editable=False)
    counts_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name="chiffres saisis par",
    )

    # Calendar applications replace their copy of an entry when its sequence grows (RFC 5545).
    sequence = models.PositiveIntegerField("version", default=0, editable=False)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    objects = PassageQuerySet.as_manager()

    class Meta:
        verbose_name = "passage"
        verbose_name_plural = "passages"
        ordering = ["date", "starts_at"]
        constraints = [
            # Regenerating the schedule must never duplicate a passage.
            models.UniqueConstraint(fields=["site", "date", "starts_at"], name="passage_unique_site_slot"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="passage_ends_after_start"),
        ]
        indexes = [models.Index(fields=["date", "tour"], name="passage_date_tour_idx")]

    def __str__(self):
        return f"{self.site} — {format_date(self.date)}, {self.time_range()}"

    def save(self, *args, **kwargs):
        if self.pk:
            self.sequence += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "sequence", "updated_at"}
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = "L'heure de fin doit suivre l'heure de début."
        if self.status in (PassageStatus.CANCELLED, PassageStatus.STOPPED) and not self.public_reason:
            errors["public_reason"] = "Indiquez le motif, affiché au public."
        if errors:
            raise ValidationError(errors)

    @property
    def start(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.date, self.starts_at))

    @property
    def end(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.date, self.ends_at))

    def time_range(self) -> str:
        return format_time_range(self.starts_at, self.ends_at)

    @property
    def is_off(self) -> bool:
        """Cancelled or stopped: it will not (or did not) take place."""
        return self.status in (PassageStatus.CANCELLED, PassageStatus.STOPPED)

    def ical_uid(self) -> str:
        from calendrier.models import site_host

        return f"passage-{self.pk}@{site_host()}"


class PassageCount(models.Model):
    """How many people a passage received for one partner and/or theme (counts only)."""

    passage = models.ForeignKey(
        Passage, on_delete=models.CASCADE, related_name="counts", verbose_name="passage"
    )
    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="partenaire"
    )
    theme = models.ForeignKey(
        Domain, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="thème"
    )
    people = models.PositiveIntegerField("personnes")

    class Meta:
        verbose_name = "chiffre par partenaire et thème"
        verbose_name_plural = "chiffres par partenaire et thème"
        constraints = [
            # One row per partner and theme; either may be empty, and SQL treats NULLs as all different,
            # so they are compared through a placeholder (as annuaire's permanences do).
            models.UniqueConstraint(
                F("passage"),
                Coalesce(F("partner"), Value(0)),
                Coalesce(F("theme"), Value(0)),
                name="passagecount_unique_partner_theme",
                violation_error_message="Ce partenaire et ce thème ont déjà leur ligne pour ce passage.",
            ),
            models.CheckConstraint(
                condition=Q(partner__isnull=False) | Q(theme__isnull=False),
                name="passagecount_partner_or_theme",
            ),
        ]

    def __str__(self):
        return self.describe()

    def clean(self):
        if self.partner_id is None and self.theme_id is None:
            raise ValidationError({"partner": "Choisissez un partenaire, un thème ou les deux."})

    def label(self) -> str:
        """« CAF — Famille », « CAF » or « Famille »."""
        return count_label(self.partner, self.theme)

    def describe(self) -> str:
        """« CAF — Famille : 3 personnes »."""
        return f"{self.label()}\u00a0: {plural(self.people, 'personne')}"


def count_label(partner, theme) -> str:
    """A partner-and-theme line's name, from either or both (objects or their labels)."""
    return " — ".join(str(part) for part in (partner, theme) if part)


class PublicSchedule(models.Model):
    """Whether the CCI publishes the cell's schedule on public pages, and the poster's fixed texts.

    A single row (like the archiving rule of `fichiers`): the admin's list opens it. Publishing shows
    dates, times, places, statuses and public reasons only (itinerance/public.py).
    """

    is_published = models.BooleanField(
        "publier le calendrier des passages",
        default=False,
        help_text="Pages publiques par commune et par site, et un calendrier iCal par commune que les "
        "mairies peuvent afficher sur leur site. Seuls les dates, horaires, lieux, statuts et motifs "
        "d'annulation y figurent : aucun nom, aucun contact.",
    )
    services_text = models.TextField(
        "ce que propose la cellule (affiche)",
        default=(
            "Aide aux démarches administratives en ligne (CAF, Assurance maladie, retraite, impôts, "
            "France Travail, ANTS, MSA…), accompagnement au numérique, information et orientation vers "
            "les partenaires et les maisons départementales des solidarités. Gratuit, sans rendez-vous."
        ),
    )
    home_visit_text = models.TextField(
        "comment demander une visite à domicile (affiche)",
        default=(
            "Vous ne pouvez pas vous déplacer (âge, handicap) ? Demandez une visite à domicile auprès "
            "de votre mairie, d'une France Services ou d'une maison départementale des solidarités : "
            "elle transmet votre demande à la cellule itinérante, qui vous rappelle."
        ),
    )
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    class Meta:
        verbose_name = "publication du calendrier de la cellule itinérante"
        verbose_name_plural = "publication du calendrier de la cellule itinérante"

    def __str__(self):
        return "Calendrier publié" if self.is_published else "Calendrier non publié"

    def save(self, *args, **kwargs):
        self.pk = 1  # one setting for the whole cell
        super().save(*args, **kwargs)

    @classmethod
    def load(cls) -> "PublicSchedule":
        return cls.objects.get_or_create(pk=1)[0]


# Home visits have a module of their own (requests, their queue and erasure); imported here so that
# Django registers the model with the app.
from itinerance.visits import HomeVisitRequest  # noqa: E402, F401

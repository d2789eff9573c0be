"""Home visits: requests booked for people who cannot travel (age, disability), and their follow-up.

A request holds a person's name, phone and address: only the itinerant cell, its coordinator and the
person who booked it read them (`itinerance.permissions`), each read is logged (`log_read`), and
they are erased a set number of days after the visit is done or the request cancelled
(`manage.py erase_home_visits`), leaving the commune, the reason, the help needed and the dates for
the counts. Nothing of the person ever goes into an e-mail: the booking point gets a link.
"""

import datetime as dt

from auditlog.signals import accessed
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from annuaire.enums import Weekday
from annuaire.fields import PhoneField
from annuaire.models import Commune, Domain, Partner, Structure
from extranet.emails import absolute_url, build_email, send_after_commit
from extranet.typography import format_date, format_time
from itinerance.enums import DayPart, PassageStatus, VisitReason, VisitStatus
from itinerance.models import Passage, Site, Unit

PERSONAL_FIELDS = ("person_name", "person_phone", "address")
OPEN_STATUSES = (VisitStatus.SUBMITTED, VisitStatus.SCHEDULED, VisitStatus.MOVED)
CLOSED_STATUSES = (VisitStatus.DONE, VisitStatus.CANCELLED)
# A site counts as "near" a commune without one of its own within this distance (as the crow flies).
NEARBY_KM = 15
SUGGESTION_DAYS = 60
# How long a home visit keeps its unit, for the checks of two places at once (docs/decisions.md).
VISIT_DURATION = dt.timedelta(hours=1)


class HomeVisitRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def by_age(self):
        """Oldest first: the queue's order."""
        return self.order_by("created_at", "pk")

    def requested_by(self, user):
        return self.filter(requested_by=user)

    def on_day(self, day: dt.date):
        return self.scheduled_between(day, day)

    def scheduled_between(self, first: dt.date, last: dt.date):
        """Visits scheduled from `first` to `last` included (local days)."""
        start = timezone.make_aware(dt.datetime.combine(first, dt.time.min))
        end = timezone.make_aware(dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min))
        return self.filter(scheduled_at__gte=start, scheduled_at__lt=end)

    def due_for_erasure(self, now: dt.datetime | None = None, days: int | None = None):
        """Closed (done or cancelled) more than `days` ago and not erased yet."""
        now = now or timezone.now()
        days = settings.HOME_VISIT_RETENTION_DAYS if days is None else days
        return self.filter(
            status__in=CLOSED_STATUSES, closed_at__lte=now - dt.timedelta(days=days), erased_at__isnull=True
        )

    def for_listing(self):
        return self.select_related("commune", "partner", "theme", "unit")


class HomeVisitRequest(models.Model):
    """One person's request for a home visit of the itinerant cell, booked by a booking point."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="home_visit_requests",
        verbose_name="demandée par",
    )
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="home_visit_requests", verbose_name="commune"
    )
    person_name = models.CharField("nom et prénom de la personne", max_length=150)
    person_phone = PhoneField("téléphone de la personne")
    address = models.CharField("adresse", max_length=255)
    reason = models.CharField(
        "ne peut pas se déplacer en raison de", max_length=10, choices=VisitReason.choices
    )
    partner = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="partenaire concerné",
    )
    theme = models.ForeignKey(
        Domain, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="thème"
    )
    # Weekdays as "0,3" (Monday, Thursday), numbered as `date.weekday()`.
    preferred_days = models.CharField("jours préférés", max_length=13, blank=True)
    preferred_part = models.CharField(
        "moment préféré", max_length=10, choices=DayPart.choices, blank=True, default=DayPart.ANY
    )
    consent = models.BooleanField("la personne accepte d'être contactée par la cellule itinérante")
    consent_at = models.DateTimeField("consentement recueilli le", null=True, editable=False)

    status = models.CharField(
        "statut", max_length=10, choices=VisitStatus.choices, default=VisitStatus.SUBMITTED
    )
    scheduled_at = models.DateTimeField("visite prévue le", null=True, blank=True)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="home_visits",
        verbose_name="unité",
    )
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="planifiée par",
    )
    closed_at = models.DateTimeField("effectuée ou annulée le", null=True, blank=True, editable=False)
    erased_at = models.DateTimeField("données personnelles effacées le", null=True, editable=False)
    created_at = models.DateTimeField("demandée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    objects = HomeVisitRequestQuerySet.as_manager()

    class Meta:
        verbose_name = "demande de visite à domicile"
        verbose_name_plural = "demandes de visite à domicile"
        ordering = ["created_at"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="homevisit_status_age_idx"),
            models.Index(fields=["scheduled_at"], name="homevisit_scheduled_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(consent=True, consent_at__isnull=False), name="homevisit_consent_recorded"
            ),
        ]

    def __str__(self):
        # Never the person: this is what the audit log and the admin show.
        return f"Demande n° {self.pk} ({self.commune})" if self.pk else "Nouvelle demande"

    def get_absolute_url(self):
        return reverse("itinerance:visit_detail", kwargs={"pk": self.pk})

    def clean(self):
        if not self.consent:
            raise ValidationError(
                {
                    "consent": "Sans l'accord de la personne pour être contactée, "
                    "la demande ne peut pas être faite."
                }
            )

    # --- What the page shows -------------------------------------------------------------------------

    def preferred_days_list(self) -> list[int]:
        return [int(day) for day in self.preferred_days.split(",") if day != ""]

    def preferred_text(self) -> str:
        days = ", ".join(Weekday(day).label for day in self.preferred_days_list())
        part = DayPart(self.preferred_part).label.lower() if self.preferred_part else ""
        if days and part:
            return f"{days} ({part})"
        return days or (part and part[0].upper() + part[1:]) or "Pas de préférence"

    def age_in_days(self, today: dt.date | None = None) -> int:
        today = today or timezone.localdate()
        return (today - timezone.localdate(self.created_at)).days

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None

    def when(self) -> str:
        if not self.scheduled_at:
            return ""
        local = timezone.localtime(self.scheduled_at)
        return f"{format_date(local, weekday=True)} à {format_time(local)}"

    # --- What the cell does ------------------------------------------------------------------------

    @transaction.atomic  # the visit and the booker's e-mail are saved together
    def schedule(self, when: dt.datetime, unit: Unit | None, by) -> None:
        """Give the visit a date (first time: « planifiée »; again: « déplacée ») and tell the booker."""
        moved = self.status in (VisitStatus.SCHEDULED, VisitStatus.MOVED)
        self.status = VisitStatus.MOVED if moved else VisitStatus.SCHEDULED
        self.scheduled_at, self.unit, self.scheduled_by = when, unit, by
        self.save()
        self.notify("moved" if moved else "scheduled")

    @transaction.atomic
    def close(self, status: str) -> None:
        """Done or cancelled: from now on the retention period runs."""
        self.status = status
        self.closed_at = timezone.now()
        self.save()
        if status == VisitStatus.DONE:
            self.notify("done")

    def erase(self, now: dt.datetime | None = None) -> None:
        """Blank the person's name, phone and address; the rest stays for the counts."""
        for name in PERSONAL_FIELDS:
            setattr(self, name, "")
        self.erased_at = now or timezone.now()
        self.save(update_fields=[*PERSONAL_FIELDS, "erased_at", "updated_at"])

    def notify(self, kind: str) -> None:
        """E-mail the booking point a link: never the person's name, phone or address in the body."""
        pk, status = self.pk, self.get_status_display()

        def build():
            booker = type(self).objects.select_related("requested_by").get(pk=pk).requested_by
            if not (booker.is_active and booker.email):
                return []
            context = {
                "number": pk,
                "status": status,
                "kind": kind,
                "url": absolute_url(self.get_absolute_url()),
            }
            return [build_email("itinerance/emails/visit", context, booker.email)]

        send_after_commit(build, f"home visit {pk} {kind}")

    def suggestions(self, today: dt.date | None = None, limit: int = 8) -> list[Passage]:
        """Planned passages in the coming weeks at the sites of the commune, or near it: days when a
        unit is already in the area."""
        today = today or timezone.localdate()
        sites = list(Site.objects.active().filter(commune=self.commune).values_list("pk", flat=True))
        if not sites:
            sites = nearby_site_ids(self.commune)
        return list(
            Passage.objects.filter(site__in=sites, status=PassageStatus.PLANNED)
            .between(today, today + dt.timedelta(days=SUGGESTION_DAYS))
            .with_places()
            .chronological()[:limit]
        )


def commune_places(commune_ids, sites_first: bool = True) -> dict[int, tuple]:
    """Where each commune is, as (latitude, longitude): one of its cell's sites, else one of its
    directory structures (two queries at most, for any number of communes). A commune without either
    is left out."""
    places: dict[int, tuple] = {}
    sources = [Site.objects, Structure.objects] if sites_first else [Structure.objects]
    for manager in sources:
        rows = (
            manager.filter(commune__in=set(commune_ids) - places.keys())
            .exclude(latitude__isnull=True)
            .exclude(longitude__isnull=True)
            .order_by("commune", "pk")
            .values_list("commune", "latitude", "longitude")
        )
        for commune_id, latitude, longitude in rows:
            if Site(latitude=latitude, longitude=longitude).has_coordinates:
                places.setdefault(commune_id, (latitude, longitude))
    return places


def nearby_site_ids(commune: Commune, km: float = NEARBY_KM) -> list[int]:
    """Active sites within `km` of the commune, placed by its structures' coordinates."""
    point = commune_places([commune.pk], sites_first=False).get(commune.pk)
    if point is None:
        return []
    origin = Site(latitude=point[0], longitude=point[1])
    return [
        site.pk
        for site in Site.objects.active().filter(latitude__isnull=False, longitude__isnull=False)
        if (distance := origin.distance_km(site)) is not None and distance <= km
    ]


def log_read(request_obj: HomeVisitRequest) -> None:
    """Record that the current user (auditlog's actor) read the person's data of `request_obj`."""
    if not request_obj.is_erased:
        accessed.send(sender=HomeVisitRequest, instance=request_obj)

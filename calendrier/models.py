"""The network calendar: events, registrations (with a waiting list), subscription tokens, sent mails.

An event is dated with a start and an end *date* and, when it is timed, a start and an end *time*
(both empty: an all-day event, on one or several days). Dates and times are those of Paris: a
training "from 9 h to 17 h" stays so whatever the server's time zone.
"""

import datetime as dt
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from annuaire.affiliations import Affiliations
from annuaire.models import Commune, Partner, Structure, Training
from calendrier.enums import TRAINING_KINDS, Audience, EventKind, MessageKind, RegistrationStatus
from extranet.enums import Role
from extranet.search.models import SearchableText, search_index
from extranet.typography import format_date, format_date_range, format_time, format_time_range


def audiences_for(user) -> list[str]:
    """The audiences whose events `user` is invited to."""
    if Affiliations.of(user).oversees:
        return list(Audience.values)
    if user.role == Role.REFERENT:
        return [Audience.EVERYONE, Audience.REFERENTS]
    return [Audience.EVERYONE, Audience.COUNSELLORS]


class RegistrationRefused(ValidationError):
    """Why a person cannot register (the message is shown to them as is)."""


class EventQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Events of `user`'s audience, plus the ones they organise or registered to."""
        registered = Registration.objects.filter(user=user).values("event")
        return self.filter(Q(audience__in=audiences_for(user)) | Q(organiser=user) | Q(pk__in=registered))

    def upcoming(self, today: dt.date | None = None):
        """Events not over yet (one still running today counts), soonest first."""
        return self.filter(end_date__gte=today or timezone.localdate()).chronological()

    def between(self, first_day: dt.date, last_day: dt.date):
        """Events taking place on at least one day of [first_day, last_day]."""
        return self.filter(start_date__lte=last_day, end_date__gte=first_day)

    def chronological(self):
        return self.order_by("start_date", F("start_time").asc(nulls_first=True), "pk")


class Event(SearchableText):
    kind = models.CharField("type", max_length=30, choices=EventKind.choices, default=EventKind.TRAINING)
    title = models.CharField("titre", max_length=200)
    description = models.TextField("description", blank=True)
    start_date = models.DateField("date de début")
    start_time = models.TimeField(
        "heure de début", null=True, blank=True, help_text="Laisser vide pour un événement sur la journée."
    )
    end_date = models.DateField("date de fin")
    end_time = models.TimeField("heure de fin", null=True, blank=True)
    structure = models.ForeignKey(
        Structure,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name="dans une structure France Services",
    )
    commune = models.ForeignKey(
        Commune,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name="commune",
    )
    address = models.CharField("adresse", max_length=255, blank=True)
    visio_url = models.URLField("lien de visioconférence", blank=True)
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="organised_events",
        verbose_name="organisateur",
    )
    organiser_partner = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name="partenaire organisateur",
    )
    audience = models.CharField("public", max_length=20, choices=Audience.choices, default=Audience.EVERYONE)
    capacity = models.PositiveIntegerField(
        "nombre de places",
        null=True,
        blank=True,
        help_text="Laisser vide si les places ne sont pas limitées.",
    )
    registration_deadline = models.DateTimeField("date limite d'inscription", null=True, blank=True)
    is_cancelled = models.BooleanField("annulé", default=False)
    # RFC 5545 SEQUENCE: calendar applications replace their copy only when it grows.
    sequence = models.PositiveIntegerField("version", default=0, editable=False)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = "événement"
        verbose_name_plural = "événements"
        ordering = ["start_date", "start_time", "pk"]
        indexes = [
            models.Index(fields=["start_date", "end_date"], name="event_dates_idx"),
            search_index("event_search_idx"),
        ]

    def __str__(self):
        return f"{self.title} ({date_format(self.start_date, 'SHORT_DATE_FORMAT')})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            self.sequence += 1
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("calendrier:event_detail", kwargs={"pk": self.pk})

    def text_for_search(self) -> tuple[str, str]:
        return self.title, f"{self.get_kind_display()} {self.description}"

    def clean(self):
        errors = {}
        if (self.start_time is None) != (self.end_time is None):
            errors["end_time"] = (
                "Indiquez l'heure de début et l'heure de fin, ou aucune des deux (journée entière)."
            )
        elif self.start_date and self.end_date:
            start = (self.start_date, self.start_time or dt.time.min)
            end = (self.end_date, self.end_time or dt.time.min)
            if end < start or (self.is_timed and end == start):
                errors["end_date"] = "La fin doit être après le début."
        if self.structure_id and self.commune_id:
            errors["commune"] = "Choisissez une structure, ou une commune et une adresse, pas les deux."
        elif self.commune_id and not self.address:
            errors["address"] = "Indiquez l'adresse dans la commune."
        elif not (self.structure_id or self.commune_id or self.visio_url):
            errors["structure"] = (
                "Indiquez un lieu : une structure, une commune et une adresse, ou un lien de visioconférence."
            )
        if self.registration_deadline and self.start_date and self.registration_deadline > self.start:
            errors["registration_deadline"] = "La date limite d'inscription doit précéder le début."
        if errors:
            raise ValidationError(errors)

    # --- Dates --------------------------------------------------------------------------------------

    @property
    def is_timed(self) -> bool:
        return self.start_time is not None

    @property
    def start(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.start_date, self.start_time or dt.time.min))

    @property
    def end(self) -> dt.datetime:
        """The end instant (for an all-day event, midnight after its last day)."""
        if self.is_timed:
            return timezone.make_aware(dt.datetime.combine(self.end_date, self.end_time))
        return timezone.make_aware(dt.datetime.combine(self.end_date + dt.timedelta(days=1), dt.time.min))

    def is_multi_day(self) -> bool:
        return self.end_date != self.start_date

    def when(self) -> str:
        """In French words: « mardi 3 mars 2026, 9 h – 12 h », « du mardi 3 au jeudi 5 mars 2026 »,
        « du mardi 3 mars 2026, 9 h, au mercredi 4 mars 2026, 17 h »."""
        first = format_date(self.start_date, weekday=True)
        if not self.is_multi_day():
            return f"{first}, {self.time_range()}"
        if self.is_timed:
            last = format_date(self.end_date, weekday=True)
            return f"du {first}, {format_time(self.start_time)}, au {last}, {format_time(self.end_time)}"
        return format_date_range(self.start_date, self.end_date, weekday=True)

    def time_range(self) -> str:
        """ "9 h – 12 h 30" for a timed event, "journée entière" otherwise."""
        return format_time_range(self.start_time, self.end_time) if self.is_timed else "journée entière"

    def has_started(self, now: dt.datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.start

    # --- Place --------------------------------------------------------------------------------------

    def place(self) -> str:
        if self.structure_id:
            return str(self.structure)
        if self.commune_id:
            return f"{self.address}, {self.commune.postal_code} {self.commune.name}"
        return "En visioconférence" if self.visio_url else ""

    # --- Registrations ------------------------------------------------------------------------------

    def is_for(self, user) -> bool:
        return self.audience in audiences_for(user)

    def registration_refusal(self, user, now: dt.datetime | None = None) -> str:
        """Why `user` cannot register now, in French; "" when they can."""
        now = now or timezone.now()
        if self.is_cancelled:
            return "Cet événement est annulé."
        if self.has_started(now):
            return "Les inscriptions sont closes : l'événement a commencé."
        if self.registration_deadline and now > self.registration_deadline:
            return "La date limite d'inscription est dépassée."
        if not self.is_for(user):
            return f"Cet événement est réservé au public suivant : {self.get_audience_display().lower()}."
        return ""

    def seats_left(self, confirmed_count: int) -> int | None:
        return None if self.capacity is None else max(self.capacity - confirmed_count, 0)

    def register(self, user, now: dt.datetime | None = None) -> "Registration":
        """Register `user`: a place if one is left, the waiting list otherwise.

        The event row is locked for the whole check-then-insert, so that two people taking the last
        place at the same moment queue one behind the other instead of both getting it.
        """
        with transaction.atomic():
            event = Event.objects.select_for_update().get(pk=self.pk)
            existing = event.registrations.filter(user=user).first()
            if existing:
                return existing
            refusal = event.registration_refusal(user, now)
            if refusal:
                raise RegistrationRefused(refusal)
            confirmed = event.registrations.confirmed().count()
            full = event.capacity is not None and confirmed >= event.capacity
            status = RegistrationStatus.WAITING if full else RegistrationStatus.CONFIRMED
            return Registration.objects.create(event=event, user=user, status=status)

    def unregister(self, user) -> None:
        with transaction.atomic():
            event = Event.objects.select_for_update().get(pk=self.pk)
            if event.has_started():
                raise RegistrationRefused("L'événement a commencé : l'inscription ne peut plus être annulée.")
            event.registrations.filter(user=user).delete()
            event.fill_free_places()

    def fill_free_places(self) -> list["Registration"]:
        """Move the waiting list up into the free places, first come first served.

        Call it with the event row locked (`select_for_update`). Each promoted person gets an e-mail
        once the transaction is committed (never for a change that was rolled back).
        """
        from calendrier.notifications import send_promotion

        if self.is_cancelled or self.has_started():
            return []
        waiting = self.registrations.waiting()
        if self.capacity is not None:
            free = self.capacity - self.registrations.confirmed().count()
            waiting = waiting[: max(free, 0)]
        promoted = list(waiting.select_related("user"))
        for registration in promoted:
            registration.status = RegistrationStatus.CONFIRMED
            registration.save(update_fields=["status"])
            send_promotion(registration)  # leaves after the commit
        return promoted

    def cancel(self) -> None:
        """Cancel the event; each registrant (and waiting-listed person) is told by e-mail after commit."""
        from calendrier.notifications import send_cancellation

        with transaction.atomic():
            self.is_cancelled = True
            self.save()
            for registration in self.registrations.select_related("user"):
                send_cancellation(registration)  # leaves after the commit

    def ical_uid(self) -> str:
        return f"event-{self.pk}@{site_host()}"


def site_host() -> str:
    """The host name of SITE_URL, the right-hand side of our iCalendar UIDs."""
    return settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]


class RegistrationQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=RegistrationStatus.CONFIRMED)

    def waiting(self):
        # First come first served: ids grow with time, and unlike timestamps they never tie.
        return self.filter(status=RegistrationStatus.WAITING).order_by("pk")

    def trainings_attended(self):
        return self.filter(attended=True, event__kind__in=TRAINING_KINDS)


class Registration(models.Model):
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name="événement"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="event_registrations",
        verbose_name="personne",
    )
    status = models.CharField(
        "état", max_length=10, choices=RegistrationStatus.choices, default=RegistrationStatus.CONFIRMED
    )
    # None until the organiser has taken attendance after the event.
    attended = models.BooleanField("présent", null=True, blank=True)
    created_at = models.DateTimeField("inscrit le", auto_now_add=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = "inscription"
        verbose_name_plural = "inscriptions"
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="registration_unique_event_user")
        ]
        indexes = [models.Index(fields=["event", "status"], name="registration_event_status_idx")]

    def __str__(self):
        return f"{self.user} — {self.event}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self._record_initial_training()

    def delete(self, *args, **kwargs):
        Training.objects.filter(source_key=self._training_key()).delete()
        return super().delete(*args, **kwargs)

    def _training_key(self) -> str:
        return f"calendrier.registration:{self.pk}"

    def _record_initial_training(self) -> None:
        """Presence at an initial training is the person's training record for the charter; taking
        the presence back (or the event's kind changing) removes it."""
        if self.attended and self.event.kind == EventKind.INITIAL_TRAINING:
            organiser = self.event.organiser_partner or settings.EXTRANET_NAME
            Training.objects.update_or_create(
                source_key=self._training_key(),
                defaults={
                    "person": self.user,
                    "trained_on": self.event.start_date,
                    "organisation": f"{organiser} — {self.event.title}"[:150],
                },
            )
        else:
            Training.objects.filter(source_key=self._training_key()).delete()

    @property
    def is_confirmed(self) -> bool:
        return self.status == RegistrationStatus.CONFIRMED

    def waiting_position(self) -> int | None:
        if self.is_confirmed:
            return None
        return self.event.registrations.waiting().filter(pk__lte=self.pk).count()


def attach_registrations(user, events: list[Event]) -> list[Event]:
    """Set `event.my_registration` (`user`'s registration, or None) on each event, in one query."""
    registrations = {r.event_id: r for r in Registration.objects.filter(user=user, event__in=events)}
    for event in events:
        event.my_registration = registrations.get(event.pk)
    return events


def attach_confirmed_counts(events: list[Event]) -> list[Event]:
    """Set `event.confirmed_count` on each event, in one query.

    Counted for the shown events only: annotating the whole queryset would count the registrations of
    every upcoming event before the page is cut (slow with tens of thousands of registrations).
    """
    counts = dict(
        Registration.objects.confirmed()
        .filter(event__in=events)
        .values("event")
        .annotate(n=Count("pk"))
        .values_list("event", "n")
    )
    for event in events:
        event.confirmed_count = counts.get(event.pk, 0)
    return events


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarToken(models.Model):
    """The secret in a member's calendar subscription URL (calendar applications cannot log in)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_token",
        verbose_name="personne",
    )
    token = models.CharField("jeton", max_length=64, default=_new_token)
    created_at = models.DateTimeField("créé le", default=timezone.now)

    class Meta:
        verbose_name = "abonnement au calendrier"
        verbose_name_plural = "abonnements au calendrier"

    def __str__(self):
        return f"Abonnement de {self.user}"

    def get_absolute_url(self):
        return reverse("calendrier:feed", kwargs={"pk": self.pk, "token": self.token})

    @classmethod
    def for_user(cls, user) -> "CalendarToken":
        return cls.objects.get_or_create(user=user)[0]

    def regenerate(self) -> None:
        """A new secret: the old subscription URL stops working at once."""
        self.token = _new_token()
        self.created_at = timezone.now()
        self.save(update_fields=["token", "created_at"])


class SentMessage(models.Model):
    """A reminder already e-mailed, so that an hourly command never sends it twice."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sent_messages")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField("message", max_length=20, choices=MessageKind.choices)
    sent_at = models.DateTimeField("envoyé le", auto_now_add=True)

    class Meta:
        verbose_name = "rappel envoyé"
        verbose_name_plural = "rappels envoyés"
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user", "kind"], name="sent_message_unique_event_user_kind"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.user} — {self.event}"


class ReminderPreference(models.Model):
    """Whether a member wants the reminders of the events they registered to; no row means yes."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_preference",
        verbose_name="personne",
    )
    reminders = models.BooleanField(
        "rappels des événements auxquels je suis inscrit",
        default=True,
        help_text="Un e-mail 7 jours avant l'événement, puis la veille.",
    )

    class Meta:
        verbose_name = "préférence de rappel du calendrier"
        verbose_name_plural = "préférences de rappel du calendrier"

    def __str__(self):
        return str(self.user)

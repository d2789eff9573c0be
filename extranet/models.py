import datetime as dt

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.mail import EmailMultiAlternatives
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone

from extranet import counters
from extranet.enums import OutgoingEmailState, Role


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("Une adresse e-mail est obligatoire.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        extra_fields.setdefault("role", Role.ANIMATEUR)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    """A member of the extranet. People log in with their e-mail address; there is no username.

    Where a person works (a structure, a partner) is a membership kept by the directory
    (`annuaire.Membership`), not a field here.
    """

    email = models.EmailField("adresse e-mail", unique=True)
    first_name = models.CharField("prénom", max_length=150, blank=True)
    last_name = models.CharField("nom", max_length=150, blank=True)
    role = models.CharField("rôle", max_length=20, choices=Role.choices, default=Role.CONSEILLER)
    job_title = models.CharField("fonction", max_length=150, blank=True)
    phone = models.CharField("téléphone professionnel", max_length=30, blank=True)
    # Shown to the other members; the login address (above) comes from the list of authorised
    # people and may be a personal one the person does not want to give out.
    contact_email = models.EmailField(
        "e-mail affiché aux membres",
        blank=True,
        help_text="Laissez vide pour ne montrer aucune adresse aux autres membres.",
    )
    is_staff = models.BooleanField(
        "accès à l'administration",
        default=False,
        help_text="Réservé aux animateurs de la CCI ; un second facteur (TOTP) est exigé.",
    )
    is_active = models.BooleanField(
        "actif",
        default=True,
        help_text="Décocher pour couper l'accès immédiatement (les sessions en cours sont fermées).",
    )
    date_joined = models.DateTimeField("date de création", default=timezone.now)
    invited_at = models.DateTimeField("invitation envoyée le", null=True, blank=True)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = "utilisateur"
        verbose_name_plural = "utilisateurs"
        ordering = ["last_name", "first_name", "email"]

    def __str__(self):
        return self.get_full_name() or self.email

    @property
    def oversees_network(self) -> bool:
        """The CCI (staff) and the steering staff (Département, Préfecture) follow the whole network."""
        return self.is_staff or self.role == Role.PILOTAGE

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name or self.email


class DailyUsageQuerySet(models.QuerySet):
    def in_year(self, year: int):
        return self.filter(day__year=year)

    def before(self, day):
        return self.filter(day__lt=day)


class DailyUsage(models.Model):
    """How much one person used the extranet on one day: logins, pages viewed, files downloaded.

    One row per person and day (not one per hit) keeps the table small while still answering the
    yearly usage report of the steering committee (convention extranet, art. 2, 5°; docs/decisions.md).
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="daily_usage", verbose_name="utilisateur"
    )
    day = models.DateField("jour")
    logins = models.PositiveIntegerField("connexions", default=0)
    page_views = models.PositiveIntegerField("pages vues", default=0)
    # Per person (unlike the per-file `fichiers.DownloadCount`) so that the usage report can say which
    # roles, structures and partners download.
    downloads = models.PositiveIntegerField("téléchargements", default=0)

    objects = DailyUsageQuerySet.as_manager()

    class Meta:
        verbose_name = "usage quotidien"
        verbose_name_plural = "usage quotidien"
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="daily_usage_unique_user_day")]

    def __str__(self):
        return f"{self.user} — {self.day:%d/%m/%Y}"

    @classmethod
    def record(cls, user, *, logins: int = 0, page_views: int = 0, downloads: int = 0) -> None:
        """Add to today's counters of `user` (Paris date), creating the row on first use."""
        today = {"user": user, "day": timezone.localdate()}
        counters.increment(cls, today, logins=logins, page_views=page_views, downloads=downloads)


class OutgoingEmailQuerySet(models.QuerySet):
    def due(self, now: dt.datetime, *, waiting_too: bool = False):
        """What a sender may take at `now`: pending messages whose next attempt has come, and messages
        claimed by a sender that never reported back (killed while sending). With `waiting_too`, every
        pending message at once, as after a mail server outage is over — never one being sent."""
        due = Q(next_attempt_at__lte=now)
        if waiting_too:
            due |= Q(state=OutgoingEmailState.PENDING)
        return self.filter(due, state__in=[OutgoingEmailState.PENDING, OutgoingEmailState.SENDING])

    def claim(self, now: dt.datetime, limit: int) -> list["OutgoingEmail"]:
        """Take up to `limit` of these messages for one sender, in the order they were written.

        Claimed messages are `SENDING` until `now + CLAIM`: no other sender takes them meanwhile. On
        PostgreSQL the rows another sender is claiming are skipped (`skip_locked`); SQLite runs one
        writing transaction at a time, so the second sender reads them once claimed.
        """
        with transaction.atomic():
            emails = list(self.select_for_update(skip_locked=True).order_by("pk")[:limit])
            OutgoingEmail.objects.filter(pk__in=[email.pk for email in emails]).update(
                state=OutgoingEmailState.SENDING,
                attempts=F("attempts") + 1,
                next_attempt_at=now + OutgoingEmail.CLAIM,
            )
        for email in emails:
            email.state, email.attempts = OutgoingEmailState.SENDING, email.attempts + 1
        return emails

    def mark_sent(self, now: dt.datetime) -> int:
        """Sent. Who, which subject and when stay for the admin until RETENTION; the text goes at once
        (it may hold a one-time link: an invitation's)."""
        return self.update(state=OutgoingEmailState.SENT, sent_at=now, body="", html="")

    def expired(self, now: dt.datetime):
        """Messages done with for longer than the retention period: sent, or given up."""
        cutoff = now - OutgoingEmail.RETENTION
        return self.filter(
            Q(state=OutgoingEmailState.SENT, sent_at__lt=cutoff)
            | Q(state=OutgoingEmailState.FAILED, created_at__lt=cutoff)
        )


class OutgoingEmail(models.Model):
    """One e-mail to send, written in the same transaction as the change that causes it.

    The change and its messages commit together (a rolled-back change leaves none); the request sends
    them right after the commit, and `send_pending_emails` sends whatever is still due: a message the
    mail server refused, or one whose sender was killed (extranet/emails.py, docs/decisions.md).
    """

    MAX_ATTEMPTS = 10
    # Waits between attempts, doubling: 1, 2, 4 … 256 minutes; the last attempt comes 8.5 hours after
    # the first, then the message is given up.
    FIRST_RETRY = dt.timedelta(minutes=1)
    # A sender that has not reported back by then was killed: the message is due again. A batch of
    # 50 messages sent at the mail server's 20 s timeout each takes less.
    CLAIM = dt.timedelta(minutes=30)
    # The addresses and subjects of what was sent stay this long for the admin, then go.
    RETENTION = dt.timedelta(days=30)

    created_at = models.DateTimeField("écrit le", default=timezone.now)
    description = models.TextField("origine")  # names the message in the log (in English)
    from_email = models.TextField("expéditeur")
    to = models.JSONField("destinataires")
    subject = models.TextField("objet")
    body = models.TextField("texte", blank=True)
    html = models.TextField("version HTML", blank=True)
    headers = models.JSONField("en-têtes", default=dict, blank=True)
    state = models.CharField(
        "état", max_length=10, choices=OutgoingEmailState.choices, default=OutgoingEmailState.PENDING
    )
    attempts = models.PositiveSmallIntegerField("tentatives", default=0)
    next_attempt_at = models.DateTimeField("prochaine tentative", default=timezone.now)
    last_error = models.TextField("dernière erreur", blank=True)
    sent_at = models.DateTimeField("envoyé le", null=True, blank=True)

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        verbose_name = "e-mail sortant"
        verbose_name_plural = "e-mails sortants"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="outgoing_email_due")]

    def __str__(self):
        return self.subject

    def message(self) -> EmailMultiAlternatives:
        message = EmailMultiAlternatives(
            self.subject, self.body, self.from_email, self.to, headers=self.headers
        )
        if self.html:
            message.attach_alternative(self.html, "text/html")
        return message

    def record_failure(self, error: str, now: dt.datetime) -> None:
        """The attempt failed: try again after a longer wait, or give up after MAX_ATTEMPTS."""
        self.last_error = error
        if self.attempts >= self.MAX_ATTEMPTS:
            self.state = OutgoingEmailState.FAILED
        else:
            self.state = OutgoingEmailState.PENDING
            self.next_attempt_at = now + self.FIRST_RETRY * 2 ** (self.attempts - 1)
        self.save(update_fields=["last_error", "state", "next_attempt_at"])

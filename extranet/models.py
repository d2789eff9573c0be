from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone

from extranet import counters
from extranet.enums import Role


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

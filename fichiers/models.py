import calendar
import datetime as dt
import secrets
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Q, Value, When
from django.urls import reverse
from django.utils import timezone

from extranet import counters
from extranet.markup import excerpt, render_markdown
from extranet.search.models import SEARCH_COLUMNS, SearchableText, search_index
from fichiers.enums import DocumentCategory, NewsCategory
from fichiers.images import make_thumbnail
from fichiers.validators import CheckedFile


def _months_before(moment: dt.datetime, months: int) -> dt.datetime:
    """`moment` moved back by whole calendar months (31 March − 1 month = 28 or 29 February)."""
    year, month_index = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    day = min(moment.day, calendar.monthrange(year, month_index + 1)[1])
    return moment.replace(year=year, month=month_index + 1, day=day)


class PublicationQuerySet(models.QuerySet):
    """What news and catalogue files share: archiving and who may see them."""

    def current(self):
        return self.filter(archived_at__isnull=True)

    def archived(self):
        return self.filter(archived_at__isnull=False)

    def visible_to(self, user):
        # Everything published on the extranet is shared with the whole network (docs/decisions.md):
        # any active member sees it, nobody else does.
        if not (user.is_authenticated and user.is_active):
            return self.none()
        return self


class ArchivingRule(models.Model):
    """The network's archiving rule (convention extranet, art. 2, 3°): one row, set by the CCI."""

    news_after_months = models.PositiveSmallIntegerField(
        "archiver les actualités après (mois)",
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text="Comptés depuis la publication. Les actualités épinglées ne sont jamais archivées.",
    )
    files_after_years = models.PositiveSmallIntegerField(
        "archiver les fichiers dont l'année est plus ancienne que (ans)",
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text="Par exemple 3 : en 2026, les fichiers de 2022 et avant sont archivés. "
        "Les anciennes versions d'un fichier restent dans son historique.",
    )
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    class Meta:
        verbose_name = "règle d'archivage"
        verbose_name_plural = "règle d'archivage"

    def __str__(self):
        return (
            f"Actualités après {self.news_after_months} mois, "
            f"fichiers de plus de {self.files_after_years} ans"
        )

    def save(self, *args, **kwargs):
        self.pk = 1  # a single rule for the network
        super().save(*args, **kwargs)

    @classmethod
    def load(cls) -> "ArchivingRule":
        return cls.objects.get_or_create(pk=1)[0]

    def news_due(self, now: dt.datetime | None = None):
        cutoff = _months_before(now or timezone.now(), self.news_after_months)
        return News.objects.current().filter(is_pinned=False, published_at__lt=cutoff)

    def documents_due(self, now: dt.datetime | None = None):
        this_year = timezone.localdate(now or timezone.now()).year
        return Document.objects.current().filter(year__lt=this_year - self.files_after_years)


class SourceMixin(models.Model):
    """Where a publication comes from: a structure and/or a partner of the directory."""

    structure = models.ForeignKey(
        "annuaire.Structure",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="structure",
    )
    partner = models.ForeignKey(
        "annuaire.Partner",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="partenaire",
    )
    archived_at = models.DateTimeField("archivé le", null=True, blank=True, db_index=True)

    class Meta:
        abstract = True

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def source_label(self) -> str:
        return " · ".join(str(source) for source in (self.structure, self.partner) if source)


def _version_path(instance: "FileVersion", filename: str) -> str:
    # Never the uploaded name: a random one that cannot be guessed or collide, under the upload year.
    return f"fichiers/{timezone.now():%Y}/{secrets.token_urlsafe(24)}{PurePath(filename).suffix.lower()}"


def _thumbnail_path(instance: "FileVersion", filename: str) -> str:
    return f"fichiers/apercus/{secrets.token_urlsafe(24)}.png"


class DocumentQuerySet(PublicationQuerySet):
    def with_listing(self):
        """What a catalogue row shows, in a fixed number of queries."""
        return self.select_related("structure", "partner", "current_version").defer(*SEARCH_COLUMNS)

    def category_first(self, category: str):
        """Files of `category` first (e.g. a structure's leaflet), then the others, newest first."""
        first = Case(When(category=category, then=Value(0)), default=Value(1))
        return self.order_by(first, "-year", "-created_at", "-pk")


class Document(SourceMixin, SearchableText):
    """An entry of the file catalogue; the file itself lives in its versions, the latest is current."""

    title = models.CharField("titre", max_length=200)
    description = models.TextField("description", blank=True)
    category = models.CharField("catégorie", max_length=30, choices=DocumentCategory.choices)
    year = models.PositiveSmallIntegerField(
        "année", validators=[MinValueValidator(2000), MaxValueValidator(2100)], db_index=True
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="déposé par",
    )
    created_at = models.DateTimeField("déposé le", default=timezone.now, db_index=True)
    # The latest version, kept here so that the catalogue reads it with a join instead of a query per row.
    current_version = models.ForeignKey(
        "FileVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name="version en cours",
    )

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = "fichier"
        verbose_name_plural = "fichiers"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["category", "-created_at"], name="document_category_idx"),
            models.Index(fields=["-created_at", "-id"], name="document_listing_idx"),
            search_index("document_search_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("fichiers:document_detail", args=[self.pk])

    def clean(self):
        if self.category == DocumentCategory.PARTNER_DOCUMENTATION and not self.partner_id:
            raise ValidationError({"partner": "Une documentation partenaire indique son partenaire."})
        if self.category == DocumentCategory.LEAFLET and not (self.structure_id or self.partner_id):
            raise ValidationError(
                {"structure": "Une plaquette indique la structure (ou le partenaire) qu'elle présente."}
            )

    def text_for_search(self) -> tuple[str, str]:
        return self.title, self.description

    def add_version(self, upload: UploadedFile, checked: CheckedFile, user) -> "FileVersion":
        """Store `upload` (already checked) as the new current version; the older ones stay as history."""
        version = FileVersion(
            document=self,
            original_name=PurePath(upload.name).name[:255],
            size=checked.size,
            content_type=checked.kind.content_type,
            sha256=checked.sha256,
            uploaded_by=user,
        )
        try:
            version.file.save(f"fichier{checked.extension}", upload, save=False)
            if checked.kind.is_image and (preview := make_thumbnail(upload)):
                version.thumbnail.save(preview.name, preview, save=False)
            version.save()
        except BaseException:
            # Leave nothing behind in the storage when the database refuses the version.
            for stored in (version.file, version.thumbnail):
                if stored.name:
                    stored.storage.delete(stored.name)
            raise
        self.current_version = version
        self.save(update_fields=["current_version"])
        return version


class FileVersionQuerySet(models.QuerySet):
    def uploaded_in_year(self, year: int):
        """The files uploaded in `year` (Paris time): each version counts as one upload."""
        return self.filter(uploaded_at__year=year)


class FileVersion(models.Model):
    """One uploaded file of a catalogue entry. Versions are never changed, only added."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="versions", verbose_name="fichier"
    )
    file = models.FileField("fichier", upload_to=_version_path, max_length=255)
    thumbnail = models.ImageField("aperçu", upload_to=_thumbnail_path, blank=True, max_length=255)
    original_name = models.CharField("nom d'origine", max_length=255)
    size = models.PositiveBigIntegerField("taille (octets)")
    content_type = models.CharField("type", max_length=120)
    sha256 = models.CharField("empreinte SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="déposée par",
    )
    uploaded_at = models.DateTimeField("déposée le", default=timezone.now)

    objects = FileVersionQuerySet.as_manager()

    class Meta:
        verbose_name = "version de fichier"
        verbose_name_plural = "versions de fichiers"
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self):
        return f"{self.original_name} ({self.uploaded_at:%d/%m/%Y})"

    def get_download_url(self):
        return reverse("fichiers:download", args=[self.pk])


class DownloadCountQuerySet(models.QuerySet):
    def in_year(self, year: int):
        return self.filter(day__year=year)


class DownloadCount(models.Model):
    """Downloads of one catalogue entry on one day, for the yearly usage report (docs/decisions.md)."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="download_counts", verbose_name="fichier"
    )
    day = models.DateField("jour")
    count = models.PositiveIntegerField("téléchargements", default=0)

    objects = DownloadCountQuerySet.as_manager()

    class Meta:
        verbose_name = "téléchargements du jour"
        verbose_name_plural = "téléchargements par jour"
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(fields=["document", "day"], name="download_count_unique_document_day")
        ]

    def __str__(self):
        return f"{self.document} — {self.day:%d/%m/%Y} : {self.count}"

    @classmethod
    def record(cls, document: Document) -> None:
        """Count one download of `document` today (Paris date)."""
        counters.increment(cls, {"document": document, "day": timezone.localdate()}, count=1)


class NewsQuerySet(PublicationQuerySet):
    def published(self, now: dt.datetime | None = None):
        return self.filter(published_at__lte=now or timezone.now())

    def published_in_year(self, year: int, now: dt.datetime | None = None):
        """The news published in `year` (Paris time), scheduled ones once their date has come."""
        return self.published(now).filter(published_at__year=year)

    def with_listing(self):
        return self.select_related("structure", "partner", "author").defer(*SEARCH_COLUMNS)

    def pinned_first(self):
        return self.order_by("-is_pinned", "-published_at", "-pk")


class News(SourceMixin, SearchableText):
    """A news item of the network, a structure, a partner or a State scheme (Markdown body)."""

    title = models.CharField("titre", max_length=200)
    body = models.TextField(
        "texte",
        help_text="Mise en forme Markdown : **gras**, *italique*, listes avec « - », liens [texte](https://…).",
    )
    category = models.CharField("catégorie", max_length=20, choices=NewsCategory.choices)
    files = models.ManyToManyField(
        Document, blank=True, related_name="news", verbose_name="fichiers joints (du catalogue)"
    )
    is_pinned = models.BooleanField(
        "épinglée", default=False, help_text="Reste en tête de liste et n'est jamais archivée."
    )
    published_at = models.DateTimeField("publiée le", default=timezone.now, db_index=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="auteur",
    )
    updated_at = models.DateTimeField("modifiée le", auto_now=True)
    # The first words of the body as plain text, kept on save: the news list and the search show them,
    # and rendering the Markdown of every listed body at every view was most of the list's cost.
    summary = models.TextField("extrait", editable=False, default="")

    objects = NewsQuerySet.as_manager()

    SUMMARY_WORDS = 40  # what the news list shows; the search shows fewer

    class Meta:
        verbose_name = "actualité"
        verbose_name_plural = "actualités"
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["-is_pinned", "-published_at", "-id"], name="news_listing_idx"),
            search_index("news_search_idx"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.summary = self.summary_of(self.body)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "summary"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("fichiers:news_detail", args=[self.pk])

    def text_for_search(self) -> tuple[str, str]:
        return self.title, self.body

    @classmethod
    def summary_of(cls, body: str) -> str:
        """The stored excerpt of `body` (Markdown): its first words, plain text (bulk loads fill it
        with this, since bulk_create skips save())."""
        return excerpt(render_markdown(body), cls.SUMMARY_WORDS)


class DigestSubscription(models.Model):
    """A member's choice to receive the weekly digest of new news and files."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="digest_subscription",
        verbose_name="personne",
    )
    is_active = models.BooleanField("recevoir le résumé hebdomadaire", default=False)
    subscribed_at = models.DateTimeField("inscrit le", default=timezone.now)
    last_sent_at = models.DateTimeField("dernier envoi", null=True, blank=True)

    class Meta:
        verbose_name = "abonnement au résumé hebdomadaire"
        verbose_name_plural = "abonnements au résumé hebdomadaire"

    def __str__(self):
        return f"{self.user} — {'abonné' if self.is_active else 'non abonné'}"


class DigestItem(models.Model):
    """One news item or file sent to one person in a digest: never sent to them again."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="personne"
    )
    news = models.ForeignKey(News, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    sent_at = models.DateTimeField("envoyé le", default=timezone.now)

    class Meta:
        verbose_name = "élément envoyé dans un résumé"
        verbose_name_plural = "éléments envoyés dans les résumés"
        constraints = [
            models.CheckConstraint(
                condition=Q(news__isnull=False, document__isnull=True)
                | Q(news__isnull=True, document__isnull=False),
                name="digest_item_news_xor_document",
            ),
            models.UniqueConstraint(fields=["user", "news"], name="digest_item_unique_user_news"),
            models.UniqueConstraint(fields=["user", "document"], name="digest_item_unique_user_document"),
        ]

    def __str__(self):
        return f"{self.user} — {self.news or self.document}"

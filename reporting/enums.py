from django.db import models


class ReportStatus(models.TextChoices):
    """Where a quarterly report stands; only a draft or a reopened report can be changed."""

    DRAFT = "brouillon", "Brouillon"
    SUBMITTED = "transmis", "Transmis"
    REOPENED = "rouvert", "Rouvert par la CCI"


EDITABLE_STATUSES = (ReportStatus.DRAFT, ReportStatus.REOPENED)

"""The archiving rule and its daily command: idempotent, nothing deleted, archived items still found."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from fichiers.models import ArchivingRule, Document, FileVersion, News, _months_before
from tests import factories

pytestmark = pytest.mark.django_db


def _archive() -> str:
    out = StringIO()
    call_command("archive_publications", stdout=out)
    return out.getvalue()


def test_rule_is_applied_once_and_nothing_is_deleted(conseiller):
    ArchivingRule.objects.update_or_create(pk=1, defaults={"news_after_months": 6, "files_after_years": 2})
    year = timezone.localdate().year
    old = factories.NewsFactory(
        author=conseiller, title="Vieille nouvelle", published_at=timezone.now() - dt.timedelta(days=200)
    )
    pinned = factories.NewsFactory(
        author=conseiller,
        title="Épinglée",
        is_pinned=True,
        published_at=timezone.now() - dt.timedelta(days=400),
    )
    recent = factories.NewsFactory(author=conseiller, title="Récente")
    old_file = factories.DocumentFactory(
        uploaded_by=conseiller, with_version=True, title="Rapport ancien", year=year - 3
    )
    kept_file = factories.DocumentFactory(
        uploaded_by=conseiller, with_version=True, title="Rapport récent", year=year - 2
    )

    first = _archive()
    assert "« Vieille nouvelle »" in first and "« Rapport ancien »" in first
    assert "2 élément(s) archivé(s)" in first
    second = _archive()
    assert "0 élément(s) archivé(s)" in second

    archived_at = News.objects.get(pk=old.pk).archived_at
    assert archived_at is not None
    assert _archive() and News.objects.get(pk=old.pk).archived_at == archived_at  # not re-stamped
    assert not News.objects.get(pk=pinned.pk).is_archived
    assert not News.objects.get(pk=recent.pk).is_archived
    assert Document.objects.get(pk=old_file.pk).is_archived
    assert not Document.objects.get(pk=kept_file.pk).is_archived
    assert News.objects.count() == 3 and Document.objects.count() == 2 and FileVersion.objects.count() == 2


def test_archiving_is_audited(conseiller):
    from auditlog.models import LogEntry

    news = factories.NewsFactory(author=conseiller, published_at=timezone.now() - dt.timedelta(days=800))
    _archive()
    assert LogEntry.objects.get_for_object(news).filter(changes__icontains="archived_at").exists()


def test_archived_items_leave_lists_but_stay_reachable(client, conseiller):
    news = factories.NewsFactory(author=conseiller, title="Archivée", archived_at=timezone.now())
    document = factories.DocumentFactory(
        uploaded_by=conseiller, with_version=True, title="Fichier archivé", archived_at=timezone.now()
    )
    client.force_login(conseiller)
    assert "Archivée" not in client.get(reverse("fichiers:news_list")).content.decode()
    assert "Archivée" in client.get(reverse("fichiers:news_archive")).content.decode()
    assert "Fichier archivé" not in client.get(reverse("fichiers:document_list")).content.decode()
    assert "Fichier archivé" in client.get(reverse("fichiers:document_archive")).content.decode()
    assert "archivée depuis" in client.get(news.get_absolute_url()).content.decode()
    assert "archivé depuis" in client.get(document.get_absolute_url()).content.decode()
    assert "Archivée" not in client.get(reverse("home")).content.decode()


def test_rule_is_a_single_row():
    rule = ArchivingRule.load()
    ArchivingRule(news_after_months=3).save()
    assert ArchivingRule.objects.count() == 1
    assert ArchivingRule.load().pk == rule.pk and ArchivingRule.load().news_after_months == 3


def test_admin_opens_the_rule(client, animateur):
    client.force_login(animateur)
    response = client.get(reverse("admin:fichiers_archivingrule_changelist"))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:fichiers_archivingrule_change", args=[1])


@pytest.mark.parametrize(
    ("moment", "months", "expected"),
    [
        (dt.datetime(2026, 3, 31, 12, tzinfo=dt.UTC), 1, dt.datetime(2026, 2, 28, 12, tzinfo=dt.UTC)),
        (dt.datetime(2026, 1, 15, tzinfo=dt.UTC), 12, dt.datetime(2025, 1, 15, tzinfo=dt.UTC)),
        (dt.datetime(2024, 5, 31, tzinfo=dt.UTC), 3, dt.datetime(2024, 2, 29, tzinfo=dt.UTC)),
    ],
)
def test_months_before(moment, months, expected):
    assert _months_before(moment, months) == expected

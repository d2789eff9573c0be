"""What the yearly usage report counts from the catalogue and the news: uploads and publications."""

import datetime as dt
from zoneinfo import ZoneInfo

from fichiers.models import FileVersion, News
from fichiers.validators import check_upload
from tests import factories

PARIS = ZoneInfo("Europe/Paris")


def test_each_version_counts_as_one_upload_of_its_paris_year(db):
    document = factories.DocumentFactory(with_version=True)
    document.add_version(factories.upload(), check_upload(factories.upload()), None)
    versions = list(document.versions.all())
    # Paris years: 31 December 23:30 belongs to 2025, 1 January 00:30 (still 2025 in UTC) to 2026.
    versions[0].uploaded_at = dt.datetime(2025, 12, 31, 23, 30, tzinfo=PARIS)
    versions[1].uploaded_at = dt.datetime(2026, 1, 1, 0, 30, tzinfo=PARIS)
    FileVersion.objects.bulk_update(versions, ["uploaded_at"])

    assert FileVersion.objects.uploaded_in_year(2025).count() == 1
    assert FileVersion.objects.uploaded_in_year(2026).count() == 1


def test_news_count_in_the_year_they_are_published_once_published(db):
    now = dt.datetime(2026, 6, 1, 12, tzinfo=PARIS)
    factories.NewsFactory(published_at=dt.datetime(2026, 1, 1, 0, 15, tzinfo=PARIS))
    factories.NewsFactory(published_at=dt.datetime(2026, 7, 1, 9, tzinfo=PARIS))  # scheduled
    factories.NewsFactory(published_at=dt.datetime(2025, 12, 31, 23, 45, tzinfo=PARIS))

    assert News.objects.published_in_year(2026, now).count() == 1
    assert News.objects.published_in_year(2025, now).count() == 1

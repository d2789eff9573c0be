"""The one upsert-and-increment behind the daily usage and the download counters."""

import datetime as dt

import pytest
from django.db import connection, transaction
from django.db.models import QuerySet

from extranet import counters
from extranet.models import DailyUsage
from fichiers.models import Document, DownloadCount


@pytest.fixture
def document(conseiller, structure):
    return Document.objects.create(
        title="Plaquette", category="plaquette", year=2026, structure=structure, uploaded_by=conseiller
    )


def test_first_increment_creates_the_row_and_the_next_ones_add_to_it(conseiller):
    day = dt.date(2026, 3, 2)
    counters.increment(DailyUsage, {"user": conseiller, "day": day}, page_views=2)
    counters.increment(DailyUsage, {"user": conseiller, "day": day}, logins=1, page_views=1)
    counters.increment(DailyUsage, {"user": conseiller, "day": day + dt.timedelta(days=1)}, logins=1)

    rows = DailyUsage.objects.filter(user=conseiller).order_by("day").values_list("logins", "page_views")
    assert list(rows) == [(1, 3), (1, 0)]


def test_a_row_created_by_another_request_in_between_is_incremented(monkeypatch, conseiller):
    """The UPDATE found nothing, then another request inserted the row before ours: no count lost."""
    day = dt.date(2026, 3, 2)
    DailyUsage.objects.create(user=conseiller, day=day, page_views=5)
    real_update = QuerySet.update
    calls = []

    def update_missing_once(queryset, **kwargs):
        calls.append(kwargs)
        return 0 if len(calls) == 1 else real_update(queryset, **kwargs)

    monkeypatch.setattr(QuerySet, "update", update_missing_once)
    counters.increment(DailyUsage, {"user": conseiller, "day": day}, page_views=1)

    assert len(calls) == 2
    assert DailyUsage.objects.get(user=conseiller, day=day).page_views == 6


def test_two_downloads_of_a_document_on_one_day_make_one_row_of_two(document):
    DownloadCount.record(document)
    DownloadCount.record(document)

    assert list(DownloadCount.objects.filter(document=document).values_list("count", flat=True)) == [2]


def _synchronous_commit() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return cursor.fetchone()[0]


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="synchronous_commit is PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_a_page_view_commits_without_waiting_for_the_disk_and_nothing_else_does(conseiller):
    with counters.commit_without_waiting():
        assert _synchronous_commit() == "off"
        DailyUsage.record(conseiller, page_views=1)
    # Only that transaction: the next ones (a registration, a reply) wait for the disk again.
    assert _synchronous_commit() == "on"
    # A transaction holding other writes is left as it is.
    with transaction.atomic(), counters.commit_without_waiting():
        assert _synchronous_commit() == "on"
        DailyUsage.record(conseiller, page_views=1)

    assert DailyUsage.objects.get(user=conseiller).page_views == 2

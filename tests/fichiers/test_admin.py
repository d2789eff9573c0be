"""The CCI's admin pages for news, files, downloads, digests and the archiving rule."""

import pytest
from django.urls import reverse

from fichiers.models import ArchivingRule, DigestSubscription, DownloadCount

pytestmark = pytest.mark.django_db


def test_admin_pages_open(client, animateur, conseiller, news_item, leaflet):
    DownloadCount.record(leaflet)
    subscription = DigestSubscription.objects.create(user=conseiller, is_active=True)
    rule = ArchivingRule.load()
    client.force_login(animateur)
    urls = [
        reverse("admin:fichiers_news_changelist"),
        reverse("admin:fichiers_news_add"),
        reverse("admin:fichiers_news_change", args=[news_item.pk]),
        reverse("admin:fichiers_document_changelist"),
        reverse("admin:fichiers_document_change", args=[leaflet.pk]),
        reverse("admin:fichiers_downloadcount_changelist"),
        reverse("admin:fichiers_digestsubscription_changelist"),
        reverse("admin:fichiers_digestsubscription_change", args=[subscription.pk]),
        reverse("admin:fichiers_archivingrule_change", args=[rule.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_cci_changes_the_archiving_rule(client, animateur):
    client.force_login(animateur)
    rule = ArchivingRule.load()
    response = client.post(
        reverse("admin:fichiers_archivingrule_change", args=[rule.pk]),
        {"news_after_months": 6, "files_after_years": 5},
    )
    assert response.status_code == 302
    assert ArchivingRule.load().news_after_months == 6
    assert client.get(reverse("admin:fichiers_archivingrule_add")).status_code == 403
    assert client.get(reverse("admin:fichiers_archivingrule_delete", args=[rule.pk])).status_code == 403


def test_members_cannot_reach_the_admin(client, conseiller):
    client.force_login(conseiller)
    response = client.get(reverse("admin:fichiers_news_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_admin_home_offers_only_what_it_allows_for_the_archiving_rule(client, animateur):
    """No rule yet: the home page links to the rule (created on the way), never to a refused « Ajouter »."""
    client.force_login(animateur)
    home = client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:fichiers_archivingrule_changelist") in home
    assert reverse("admin:fichiers_archivingrule_add") not in home
    assert client.get(reverse("admin:fichiers_archivingrule_add")).status_code == 403
    response = client.get(reverse("admin:fichiers_archivingrule_changelist"), follow=True)
    assert response.status_code == 200
    assert ArchivingRule.objects.count() == 1

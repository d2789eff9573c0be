"""The lists' counts kept per version of the news and files (fichiers.views._page): the same figure as
counting, new at the next view after a committed change, one per filter."""

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def listing(client, url_name, params=None) -> str:
    response = client.get(reverse(url_name), params or {})
    assert response.status_code == 200
    return response.content.decode().replace("\u00a0", " ").replace("&nbsp;", " ")


def test_a_committed_file_is_counted_at_the_next_view(client, committed):
    with committed():
        client.force_login(factories.counsellor())
        factories.DocumentFactory(title="Plaquette de Caussade", year=2025)
    assert "1 fichier." in listing(client, "fichiers:document_list")
    assert "1 fichier." in listing(client, "fichiers:document_list")  # from the cache

    with committed():
        factories.DocumentFactory(title="Plaquette de Lafrançaise", year=2026)
    assert "2 fichiers." in listing(client, "fichiers:document_list")
    assert "1 fichier." in listing(client, "fichiers:document_list", {"year": 2026})
    assert "2 fichiers." in listing(client, "fichiers:document_list")


def test_a_committed_news_item_is_counted_at_the_next_view(client, committed):
    with committed():
        client.force_login(factories.counsellor())
        news = factories.NewsFactory(title="Nouvelle permanence de la CAF")
    assert "1 actualité." in listing(client, "fichiers:news_list")

    with committed():
        news.delete()
    assert "0 actualité." in listing(client, "fichiers:news_list")

"""Busy pages run the same number of queries whatever the amount of data (no N+1)."""

import pytest
from django.urls import reverse

from fichiers.enums import DocumentCategory
from tests import factories

pytestmark = pytest.mark.django_db


def _add_data(author, count):
    for number in range(count):
        structure = factories.StructureFactory()
        partner = factories.PartnerFactory()
        document = factories.DocumentFactory(
            uploaded_by=author,
            with_version=True,
            title=f"Plaquette réseau {number}",
            category=DocumentCategory.LEAFLET,
            structure=structure,
            partner=partner,
        )
        news = factories.NewsFactory(
            author=author, title=f"Actualité réseau {number}", structure=structure, partner=partner
        )
        news.files.add(document)


PAGES = [
    ("fichiers:news_list", {}),
    ("fichiers:news_list", {"q": "reseau", "category": "reseau"}),
    ("fichiers:document_list", {}),
    ("fichiers:document_list", {"q": "plaquette", "year": 2026}),
    ("search", {"q": "reseau"}),
    ("search", {"q": "reseau", "source": "fichiers"}),
    ("home", {}),
]


@pytest.mark.parametrize(("url_name", "params"), PAGES)
def test_query_count_does_not_grow(client, conseiller, url_name, params, queries_stay_flat):
    client.force_login(conseiller)
    url = reverse(url_name)
    _add_data(conseiller, 2)
    client.get(url, params)  # warm the session and the content types
    queries_stay_flat(url, lambda: _add_data(conseiller, 25), params)


# Pinned so that a change is noticed. Lists: session, user, count, the filter's structures and
# partners, the page, the usage counter. Search of one source: session, user, the page's keys ranked
# among the first matches with their number (one query, bounded: extranet.search.models.HitList), the
# page's rows, usage (the overview adds two per source with hits, including other apps' sources, so
# it is only checked not to grow).
PINNED = [
    ("fichiers:news_list", {}, 7),
    ("fichiers:document_list", {}, 7),
    ("search", {"q": "reseau", "source": "actualites"}, 5),
    ("search", {"q": "reseau", "source": "fichiers"}, 5),
]


@pytest.mark.parametrize(("url_name", "params", "expected"), PINNED)
def test_query_count_is_pinned(client, conseiller, url_name, params, expected, queries_stay_flat):
    client.force_login(conseiller)
    _add_data(conseiller, 3)
    assert queries_stay_flat.count(reverse(url_name), params, visits=2) == expected

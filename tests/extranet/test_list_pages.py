"""What a filtered, paginated list keeps from one page to the next."""

import html
from urllib.parse import parse_qs, urlsplit

import factory
import pytest
from django.urls import reverse

from annuaire.views import PAGE_SIZE
from tests import factories


def _next_page_query(content: str) -> dict[str, list[str]]:
    start = content.index('href="', content.index("Page suivante") - 200) + len('href="')
    href = html.unescape(content[start : content.index('"', start)])
    return parse_qs(urlsplit(href).query)


def test_paging_keeps_repeated_parameters_and_encodes_values(client, conseiller):
    # A value holding « & » and accents, and a parameter sent twice: the next page must ask the same.
    names = factory.Sequence(lambda n: f"Écluse & Co {n}")
    factories.StructureFactory.create_batch(PAGE_SIZE + 2, name=names)
    client.force_login(conseiller)
    url = reverse("annuaire:structure_list")

    content = client.get(url, {"q": "Écluse & Co", "status": ["msap", "labellisee"]}).content.decode()

    assert f"{PAGE_SIZE + 2}\u00a0structures trouvées" in content
    next_query = _next_page_query(content)
    assert next_query == {"q": ["Écluse & Co"], "status": ["msap", "labellisee"], "page": ["2"]}
    second = client.get(url, next_query).content.decode()
    assert "Page 2 sur 2" in second
    assert "Écluse &amp; Co" in second


@pytest.mark.parametrize(
    "name",
    [
        "annuaire:structure_list",
        "annuaire:partner_list",
        "annuaire:referent_search",
        "fichiers:news_list",
        "fichiers:document_list",
        "calendrier:event_list",
    ],
)
def test_every_filter_form_is_a_search_region_with_a_way_back(client, conseiller, name):
    client.force_login(conseiller)
    url = reverse(name)
    content = client.get(url, {"q": "x"} if name != "calendrier:event_list" else {}).content.decode()
    assert content.count('role="search"') == 2  # the site search in the header, and this list's criteria
    # « Qui contacter ? » starts on the counsellor's structure: its way back names an empty structure.
    way_back = f"{url}?structure=" if name == "annuaire:referent_search" else url
    assert f'<a class="btn btn-link" href="{way_back}">Effacer les critères</a>' in content

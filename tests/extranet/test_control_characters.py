"""Control characters (a NUL byte above all, which PostgreSQL refuses) in any filter never cause a 500."""

import pytest
from django.urls import reverse

from extranet.forms import FreeTextField
from extranet.text import strip_control_characters
from tests import factories

CONTROL_CHARACTERS = ["\x00", "\x01", "\x08", "\x1b", "\x7f", "\x9f"]

# Every list page with a filter, and every parameter its filter reads.
LIST_PAGES = {
    "search": ["q", "source", "page"],
    "annuaire:structure_list": ["q", "commune", "partner", "weekday", "status", "page"],
    "annuaire:partner_list": ["q", "page"],
    "annuaire:referent_search": ["q", "partner", "domain", "structure", "page"],
    "fichiers:news_list": ["q", "category", "structure", "partner", "page"],
    "fichiers:news_archive": ["q", "category", "structure", "partner", "page"],
    "fichiers:document_list": ["q", "category", "structure", "partner", "year", "page"],
    "fichiers:document_archive": ["q", "category", "structure", "partner", "year", "page"],
    "calendrier:event_list": ["kind", "audience", "period", "mine", "page"],
    "forum_ext:answer_report": ["year", "quarter"],
}


@pytest.mark.parametrize("character", CONTROL_CHARACTERS, ids=repr)
@pytest.mark.parametrize("url_name", LIST_PAGES)
def test_every_list_filter_answers_with_control_characters(client, pilotage, structure, url_name, character):
    client.force_login(pilotage)
    params = dict.fromkeys(LIST_PAGES[url_name], f"Mol{character}ières{character}")
    response = client.get(reverse(url_name), params)
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("url_name", "found"),
    [
        ("search", "MSAP La Poste de <mark>Molières</mark>"),
        ("annuaire:structure_list", "MSAP La Poste de Molières"),
        ("annuaire:partner_list", "Caisse d&#x27;allocations familiales"),
        ("annuaire:referent_search", "Agnès Exemple"),
        ("fichiers:news_list", "Permanence à Molières"),
        ("fichiers:document_list", "Plaquette de Molières"),
    ],
)
def test_the_control_characters_are_dropped_and_the_words_still_found(
    client, pilotage, structure, partner, url_name, found, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    factories.PartnerReferentFactory(partner=partner, full_name="Agnès Exemple")
    factories.NewsFactory(author=pilotage, title="Permanence à Molières")
    factories.DocumentFactory(uploaded_by=pilotage, with_version=True, title="Plaquette de Molières")
    words = {
        "annuaire:partner_list": "alloc\x00ations",
        "annuaire:referent_search": "Ag\x00nès\tExemple",
    }.get(url_name, "Mol\x00ières")
    client.force_login(pilotage)
    response = client.get(reverse(url_name), {"q": words})
    assert response.status_code == 200
    assert found in response.content.decode()


def test_the_helper_drops_control_characters_and_keeps_word_breaks():
    assert strip_control_characters("a\x00b\x7fc\x9f d\te\nf") == "abc d e f"
    assert strip_control_characters("Laguépie « 14 h »") == "Laguépie « 14 h »"
    assert FreeTextField(label="Nom").clean(" Mol\x00ières\x1b ") == "Molières"

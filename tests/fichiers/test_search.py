"""The site-wide search over news and files: accents, case, ranking, archives, grouping, access."""

import pytest
from django.urls import reverse
from django.utils import timezone

from extranet.search import models as search_models
from extranet.search.text import search_key
from fichiers.models import Document, News
from tests import factories

pytestmark = pytest.mark.django_db


def _search(client, query, **params):
    return client.get(reverse("search"), {"q": query, **params})


def _titles(response, label):
    group = next(group for group in response.context["groups"] if group["label"] == label)
    return [hit.title for hit in group["page"]]


@pytest.mark.parametrize("query", ["Laguépie", "laguepie", "LAGUEPIE", "laguÉpie"])
def test_accent_and_case_insensitive(client, conseiller, query):
    factories.NewsFactory(
        author=conseiller, title="Ouverture à Laguépie", body="La France Services ouvre ses portes."
    )
    factories.DocumentFactory(
        uploaded_by=conseiller,
        with_version=True,
        title="Plaquette",
        description="Présentation de la France Services de Laguépie",
    )
    client.force_login(conseiller)
    response = _search(client, query)
    assert _titles(response, "Actualités") == ["Ouverture à Laguépie"]
    assert _titles(response, "Fichiers") == ["Plaquette"]


def test_body_is_searched(client, conseiller):
    factories.NewsFactory(
        author=conseiller, title="Réunion", body="Compte rendu de la réunion des conseillers à Molières."
    )
    client.force_login(conseiller)
    assert _titles(_search(client, "molieres"), "Actualités") == ["Réunion"]


def test_title_matches_rank_first(client, conseiller):
    factories.NewsFactory(
        author=conseiller, title="Rencontre annuelle", body="Au programme : la retraite progressive."
    )
    factories.NewsFactory(
        author=conseiller, title="Retraite progressive : ce qui change", body="Les nouvelles règles."
    )
    client.force_login(conseiller)
    assert _titles(_search(client, "retraite"), "Actualités") == [
        "Retraite progressive : ce qui change",
        "Rencontre annuelle",
    ]


def test_archived_items_are_found_and_marked(client, conseiller):
    factories.NewsFactory(author=conseiller, title="Dispositif clos", archived_at=timezone.now())
    factories.DocumentFactory(
        uploaded_by=conseiller,
        with_version=True,
        title="Dispositif 2019",
        year=2019,
        archived_at=timezone.now(),
    )
    client.force_login(conseiller)
    response = _search(client, "dispositif")
    assert _titles(response, "Actualités") == ["Dispositif clos"]
    assert _titles(response, "Fichiers") == ["Dispositif 2019"]
    assert "(archivé)" in response.content.decode()


def test_every_word_must_match(client, conseiller):
    factories.NewsFactory(author=conseiller, title="Permanence CAF à Molières")
    factories.NewsFactory(author=conseiller, title="Permanence CPAM à Lavit")
    client.force_login(conseiller)
    assert _titles(_search(client, "permanence caf"), "Actualités") == ["Permanence CAF à Molières"]


def test_overview_is_grouped_and_a_source_is_paginated(client, conseiller):
    News.objects.bulk_create(
        [
            News(title=f"Atelier numérique {n}", body="x", category="reseau", author=conseiller)
            for n in range(30)
        ]
    )
    for news in News.objects.all():
        news.save()  # fills the search columns, as every save does
    client.force_login(conseiller)
    overview = _search(client, "atelier")
    assert len(_titles(overview, "Actualités")) == 5
    assert overview.context["total"] == 30
    assert "Voir les 30 résultats" in overview.content.decode()
    only_news = _search(client, "atelier", source="actualites", page=2)
    assert [group["label"] for group in only_news.context["groups"]] == ["Actualités"]
    assert len(_titles(only_news, "Actualités")) == 10
    # Past the last page: the last page, as for every list of the site.
    too_far = _search(client, "atelier", source="actualites", page=7)
    group = too_far.context["groups"][0]
    assert (group["page"].number, group["page"].paginator.count) == (2, 30)
    assert len(_titles(too_far, "Actualités")) == 10


def _many_news(author, count: int, title: str) -> None:
    """`count` news items titled `title` and a number, their search columns filled as a save would."""
    News.objects.bulk_create(
        News(title=f"{title} {n}", search_title=search_key(f"{title} {n}"), category="reseau", author=author)
        for n in range(count)
    )


# Found by reading the first rows stored, or (when those hold too few) through the index.
@pytest.mark.parametrize("rows_read_first", [2_000, 100])
def test_words_found_everywhere_are_counted_up_to_a_bound_and_paged(
    client, conseiller, monkeypatch, rows_read_first
):
    monkeypatch.setattr(search_models, "ROWS_READ_FIRST", rows_read_first)
    _many_news(conseiller, 520, "Atelier numérique")
    client.force_login(conseiller)
    page = _search(client, "atelier").content.decode()
    assert "Plus de 500\xa0résultats pour «&nbsp;atelier&nbsp;»." in page
    assert "ajoutez un mot pour préciser la recherche" in page
    assert "plus de 500\xa0résultats</span>" in page
    assert "Voir les 500 premiers résultats dans «&nbsp;Actualités&nbsp;»" in page

    third = _search(client, "atelier", source="actualites", page=3)
    group = third.context["groups"][0]
    assert (group["page"].start_index(), len(_titles(third, "Actualités"))) == (41, 20)
    # The last page is the 25th: the first 500 matches found are paged.
    too_far = _search(client, "atelier", source="actualites", page=40)
    assert too_far.context["groups"][0]["page"].number == 25
    assert len(_titles(too_far, "Actualités")) == 20


def test_a_rare_word_is_found_among_many_frequent_ones(client, conseiller, monkeypatch):
    # Fewer rows read before the index is asked than news stored before the rare one (the search
    # reads 2,000 rows first): it is found through the index, as in a large network.
    monkeypatch.setattr(search_models, "ROWS_READ_FIRST", 100)
    _many_news(conseiller, 520, "Atelier numérique")
    factories.NewsFactory(author=conseiller, title="Atelier numérique à Laguépie")  # the last one stored
    client.force_login(conseiller)
    for query in ("laguepie", "atelier laguepie", "numerique lagu"):
        response = _search(client, query)
        assert _titles(response, "Actualités") == ["Atelier numérique à Laguépie"]
        assert "1\xa0résultat pour" in response.content.decode()


def test_empty_and_unmatched_queries(client, conseiller):
    client.force_login(conseiller)
    assert _search(client, "   ").context["groups"] == []
    response = _search(client, "zzzzzz")
    assert "Aucun résultat" in response.content.decode()


def test_search_text_follows_edits(conseiller):
    document = factories.DocumentFactory(uploaded_by=conseiller, with_version=True, title="Ancien titre")
    document.title = "Programme des permanences d'été"
    document.save(update_fields=["title"])
    assert Document.objects.get(pk=document.pk).search_title == "programme des permanences d'ete"


def test_list_filter_uses_the_search(client, conseiller):
    factories.DocumentFactory(uploaded_by=conseiller, with_version=True, title="Chiffres de fréquentation")
    factories.DocumentFactory(uploaded_by=conseiller, with_version=True, title="Rapport d'activité")
    client.force_login(conseiller)
    page = client.get(reverse("fichiers:document_list"), {"q": "frequentation"}).context["page"]
    assert [d.title for d in page] == ["Chiffres de fréquentation"]


def test_results_show_plain_text_excerpts_with_the_terms_marked(client, conseiller):
    factories.NewsFactory(
        author=conseiller,
        title="Rencontre annuelle",
        body="La **rencontre annuelle** aura lieu à Montech.\n\n- justificatif\n- programme",
    )
    client.force_login(conseiller)
    page = _search(client, "rencontre").content.decode()
    assert "La <mark>rencontre</mark> annuelle aura lieu à Montech. justificatif programme" in page
    assert '<a href="' in page and "<mark>Rencontre</mark> annuelle</a>" in page
    assert "**" not in page and "- justificatif" not in page

"""Excerpts are plain text made from the rendered Markdown; search terms are marked, safely escaped."""

from extranet.markup import excerpt, plain_text, render_markdown
from extranet.search.text import highlight

MARKDOWN = """La **rencontre annuelle** du réseau aura lieu à *Montech* :

- justificatif d'identité ;
- [avis d'imposition](https://www.impots.gouv.fr) & RIB.

> Venez nombreux !"""


def test_an_excerpt_has_no_markdown_left():
    text = plain_text(render_markdown(MARKDOWN))
    assert text == (
        "La rencontre annuelle du réseau aura lieu à Montech : justificatif d'identité ; "
        "avis d'imposition & RIB. Venez nombreux !"
    )


def test_an_excerpt_is_cut_after_the_given_number_of_words():
    assert excerpt(render_markdown(MARKDOWN), 4) == "La rencontre annuelle du…"


def test_a_script_in_the_source_never_reaches_the_excerpt():
    assert plain_text(render_markdown("Avant <script>alert(1)</script> après")) == "Avant après"


def test_highlight_marks_the_words_accent_and_case_insensitively():
    assert highlight("La France Services de Laguépie", "laguepie france") == (
        "La <mark>France</mark> Services de <mark>Laguépie</mark>"
    )
    assert highlight("Les permanences de Laguépie", "perm") == "Les <mark>permanences</mark> de Laguépie"


def test_highlight_escapes_the_text_and_the_query_cannot_inject_markup():
    assert highlight("<b>Tom</b> & Jerry", "tom") == "&lt;b&gt;<mark>Tom</mark>&lt;/b&gt; &amp; Jerry"
    assert highlight("Un texte", '"><script>') == "Un texte"


def test_one_letter_terms_mark_nothing():
    assert highlight("Prime d'activité dans le dossier", "d'activité") == (
        "Prime d&#x27;<mark>activité</mark> dans le dossier"
    )

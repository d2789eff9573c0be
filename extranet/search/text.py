"""The normalised form of what is searched and of what is typed, and highlighting of the terms found.

Matching is accent- and case-insensitive on every database because the indexed text is stored
already normalised (`search_key`). Normalising in Python rather than with PostgreSQL's `unaccent`
keeps both databases in step and needs no extension (hence no superuser) in production.
"""

import re
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from extranet.text import strip_accents, strip_control_characters

# Ligatures that Unicode decomposition leaves alone but people type as two letters.
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "Œ": "oe", "Æ": "ae"})

MAX_QUERY_LENGTH = 200

# A word, as the search sees it: letters and digits (apostrophes, hyphens and the rest separate words).
_WORD = re.compile(r"[^\W_]+")


def search_key(text: str) -> str:
    """Lower-case, accent-free, single-spaced form of `text` (identical on every database)."""
    text = strip_control_characters(text or "").translate(_LIGATURES)
    return " ".join(strip_accents(text).casefold().split())


def search_terms(query: str) -> list[str]:
    """The words of `query` that the search looks for, normalised, in order, each once."""
    return list(dict.fromkeys(_WORD.findall(search_key(query)[:MAX_QUERY_LENGTH])))


# Highlighting normalises every word of every title and excerpt shown; the same words come back on
# every page (a search page shows a few hundred, mostly the same few dozen).
_word_key = lru_cache(maxsize=4096)(search_key)


def highlight(text: str, query: str) -> SafeString:
    """`text` escaped for HTML, with each word that starts with a term of `query` inside `<mark>`.

    The words are compared in their normalised form, as the search does: « Laguépie » is marked
    for « laguepie » or « lagu ». One-letter terms (the « d » of « d'activité ») mark nothing, or
    every « de » and « dans » would light up.
    """
    terms = tuple(term for term in search_terms(query) if len(term) > 1)
    if not terms:
        return escape(text)
    parts, last = [], 0
    for match in _WORD.finditer(text):
        word = match.group()
        if _word_key(word).startswith(terms):
            parts += [escape(text[last : match.start()]), f"<mark>{escape(word)}</mark>"]
            last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # noqa: S308  (every piece of `text` escaped above)

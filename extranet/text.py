"""Small text helpers shared by the apps."""

import unicodedata


def strip_accents(text: str) -> str:
    """`text` with its letters' accents removed ("Laguépie" → "Laguepie"); other characters kept."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))

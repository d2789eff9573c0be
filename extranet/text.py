"""Small text helpers shared by the apps."""

import unicodedata


def strip_accents(text: str) -> str:
    """`text` with its letters' accents removed ("Laguépie" → "Laguepie"); other characters kept."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# Control characters (C0, DEL, C1): nobody types them, and PostgreSQL refuses NUL in any string.
# The whitespace ones (tab, line feeds) separate words, so they become spaces; the others go.
_CONTROL_CHARACTERS = {
    code: " " if chr(code).isspace() else None for code in [*range(0x20), *range(0x7F, 0xA0)]
}


def strip_control_characters(text: str) -> str:
    """`text` without control characters ("a\\x00b" → "ab", "a\\tb" → "a b")."""
    return text.translate(_CONTROL_CHARACTERS)

"""French phone numbers, written one way everywhere in the directory."""

import re

from django.core.exceptions import ValidationError

_PHONE_SEPARATORS = re.compile(r"[\s.\-/()]")
# 0 followed by 1–9 then eight digits: landlines (01–05, 09), mobiles (06, 07), special (08).
_FRENCH_NUMBER = re.compile(r"0[1-9]\d{8}")


def normalize_french_phone(value: str) -> str:
    """Return `value` as "05 63 12 34 56", or raise a French ValidationError.

    Accepts the usual ways of writing a French number: spaces, dots or dashes between pairs, and the
    international forms +33 5… or 0033 5….
    """
    digits = _PHONE_SEPARATORS.sub("", value.strip())
    for prefix in ("+33", "0033"):
        if digits.startswith(prefix):
            digits = "0" + digits.removeprefix(prefix).removeprefix("0")
    if not _FRENCH_NUMBER.fullmatch(digits):
        raise ValidationError(
            "Numéro de téléphone invalide : saisissez un numéro français à 10 chiffres, "
            "par exemple 05 63 12 34 56.",
            code="invalid_phone",
        )
    return " ".join(digits[i : i + 2] for i in range(0, 10, 2))

"""Password rules of the CNIL recommendation of 2022 for an authentication by password alone."""

import re

from django.core.exceptions import ValidationError

MIN_WORDS_IN_PASSPHRASE = 7


def _character_classes(password: str) -> int:
    return sum(
        bool(re.search(pattern, password))
        for pattern in (r"[a-zà-ÿ]", r"[A-ZÀ-Ý]", r"[0-9]", r"[^0-9A-Za-zÀ-ÿ]")
    )


class CnilPasswordValidator:
    """Accept a password that reaches about 80 bits of entropy, in one of three ways.

    - at least 12 characters with upper case, lower case, digits and special characters;
    - at least 14 characters with upper case, lower case and digits;
    - a passphrase of at least 7 words (at least 20 characters in all).
    """

    def validate(self, password: str, user=None) -> None:
        classes = _character_classes(password)
        words = [w for w in re.split(r"[\s\-_.,;:]+", password) if w]
        if len(password) >= 12 and classes == 4:
            return
        if len(password) >= 14 and classes >= 3 and re.search(r"[0-9]", password):
            return
        if len(words) >= MIN_WORDS_IN_PASSPHRASE and len(password) >= 20:
            return
        raise ValidationError(self.get_help_text(), code="password_too_weak")

    def get_help_text(self) -> str:
        return (
            "Votre mot de passe doit compter au moins 12 caractères mêlant majuscules, minuscules, "
            "chiffres et caractères spéciaux, ou au moins 14 caractères mêlant majuscules, minuscules "
            f"et chiffres, ou être une phrase de passe d'au moins {MIN_WORDS_IN_PASSPHRASE} mots."
        )

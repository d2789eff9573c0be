"""Model fields of the directory."""

from django.db import models

from annuaire.phones import normalize_french_phone


class PhoneField(models.CharField):
    """A French phone number, stored as "05 63 12 34 56" whichever way it was typed."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_french_phone(value) if value else value

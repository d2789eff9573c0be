"""Model fields of the directory."""

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
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


_COORDINATE = re.compile(r"^-?\d{1,3}(\.\d{1,15})?$")


class CoordinateField(models.CharField):
    """A latitude or longitude in decimal degrees, kept exactly as written (up to 15 decimals).

    Text rather than a DecimalField: SQLite keeps only 15 significant digits of a number (and
    Django's DecimalField rounds to them there), while the national list publishes latitudes such
    as 44.017363456789012 (17 digits). Round where you display (`|floatformat`), not when you store.
    A comma is read as the decimal point; `limit` is 90 for a latitude, 180 for a longitude.
    """

    def __init__(self, *args, limit: int = 90, **kwargs):
        kwargs.setdefault("max_length", 20)
        self.limit = limit
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.limit != 90:
            kwargs["limit"] = self.limit
        return name, path, args, kwargs

    def to_python(self, value):
        if value is None:
            return value
        text = str(value).strip().replace(",", ".")
        return text or (None if self.null else "")

    def get_prep_value(self, value):
        return self.to_python(super().get_prep_value(value))

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        if value in self.empty_values:
            return
        if not _COORDINATE.match(value) or abs(Decimal(value)) > self.limit:
            raise ValidationError(
                f"« {value} » n'est pas une coordonnée en degrés décimaux entre -{self.limit} et "
                f"{self.limit} (au plus 15 décimales), par exemple 44.017363.",
                code="invalid_coordinate",
            )

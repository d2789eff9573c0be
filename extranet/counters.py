"""Daily counters (pages viewed, logins, downloads): one row per key, incremented in place.

Many requests may count the same row at the same moment, so a read-modify-write would lose counts.
`increment` is atomic on SQLite and PostgreSQL alike without a database-specific upsert: an
`UPDATE … SET n = n + k` first (the usual case, the row exists); on a miss, an `INSERT` in a savepoint;
if another request inserted the same row in between, the model's unique constraint on the key
refuses ours and the `UPDATE` is simply done again.
"""

from django.db import IntegrityError, models, transaction
from django.db.models import F


def increment(model: type[models.Model], keys: dict, **amounts: int) -> None:
    """Add `amounts` (field: value) to the row of `model` found by `keys`, creating it on first use.

    `keys` must be covered by a unique constraint of `model`: the retry relies on it.
    """
    increments = {field: F(field) + amount for field, amount in amounts.items()}
    if model.objects.filter(**keys).update(**increments):
        return
    try:
        with transaction.atomic():
            model.objects.create(**keys, **amounts)
    except IntegrityError:  # another request created the row in between
        model.objects.filter(**keys).update(**increments)

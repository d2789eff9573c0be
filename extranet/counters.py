"""Daily counters (pages viewed, logins, downloads): one row per key, incremented in place.

Many requests may count the same row at the same moment, so a read-modify-write would lose counts.
`increment` is atomic on SQLite and PostgreSQL alike without a database-specific upsert: an
`UPDATE … SET n = n + k` first (the usual case, the row exists); on a miss, an `INSERT` in a savepoint;
if another request inserted the same row in between, the model's unique constraint on the key
refuses ours and the `UPDATE` is simply done again.

A page view is counted for every page: `commit_without_waiting()` lets such a count commit without
waiting for the disk (docs/decisions.md, « Daily counters »).
"""

from contextlib import contextmanager

from django.db import IntegrityError, connection, models, transaction
from django.db.models import F


def increment(model: type[models.Model], keys: dict, **amounts: int) -> None:
    """Add `amounts` (field: value) to the row of `model` found by `keys`, creating it on first use.

    `keys` must be covered by a unique constraint of `model`: the retry relies on it.
    """
    increments = {field: F(field) + amount for field, amount in amounts.items() if amount}
    if model.objects.filter(**keys).update(**increments):
        return
    try:
        with transaction.atomic():
            model.objects.create(**keys, **amounts)
    except IntegrityError:  # another request created the row in between
        model.objects.filter(**keys).update(**increments)


@contextmanager
def commit_without_waiting():
    """Run the block in a transaction whose commit does not wait for PostgreSQL to write it to disk
    (`synchronous_commit` off for this transaction alone): the count is kept and the database stays
    consistent, but a crash of the database server itself may lose the last fraction of a second of
    such counts. Inside a transaction someone else opened, and on SQLite, the block runs as it is:
    that transaction's commit may hold writes a person was promised."""
    if connection.in_atomic_block or connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
        yield

"""Loading of the real reference data: communes, national partners, structures named in the sources
(docs/decisions.md).

An app with reference data of its own (the itinerant cell's sites) registers a loader with
`register_reference_loader`; it runs after the directory's, in the same transaction.
"""

import csv
import json
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import transaction

from annuaire.models import Commune, Partner, Structure

FIXTURES = Path(settings.BASE_DIR) / "fixtures"

# Each returns {what it loaded, in French: how many}.
_loaders: list[Callable[[], dict[str, int]]] = []


def register_reference_loader(loader: Callable[[], dict[str, int]]) -> None:
    if loader not in _loaders:
        _loaders.append(loader)


@transaction.atomic
def load_reference_data() -> dict[str, int]:
    """Create or update the reference records; running it twice changes nothing the second time."""
    with open(FIXTURES / "communes_82.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    existing = {c.insee_code: c for c in Commune.objects.all()}
    for row in rows:
        commune = existing.get(row["insee_code"])
        if commune is None:
            Commune.objects.create(**row)
        elif (commune.name, commune.postal_code) != (row["name"], row["postal_code"]):
            commune.name, commune.postal_code = row["name"], row["postal_code"]
            commune.save()

    partners = json.loads((FIXTURES / "partners.json").read_text(encoding="utf-8"))
    for data in partners:
        Partner.objects.update_or_create(slug=data.pop("slug"), defaults={**data, "is_national": True})

    structures = json.loads((FIXTURES / "structures.json").read_text(encoding="utf-8"))
    communes = {c.insee_code: c for c in Commune.objects.all()}
    for data in structures:
        data["commune"] = communes[data["commune"]]
        Structure.objects.get_or_create(slug=data.pop("slug"), defaults=data)

    counts = {"communes": len(rows), "partners": len(partners), "structures": len(structures)}
    for loader in _loaders:
        counts.update(loader())
    return counts

"""The itinerant cell's sites named by the Département's deliberation that are not town halls: the
five maisons départementales des solidarités (their directory entries come with the directory's
reference data) and the Hôtel du Département in Montauban. Running it twice changes nothing.

They are loaded without a tour: the coordinator places them in a tour and gives them their rules.
"""

from annuaire.enums import StructureKind
from annuaire.models import Commune, Structure
from itinerance.enums import SiteKind
from itinerance.models import Site

MONTAUBAN = "82121"
DEPARTMENT_SITE = {
    "name": "Hôtel du Département",
    "address": "100 boulevard Hubert Gouze",
}


def load_reference_sites() -> dict[str, int]:
    count = 0
    for structure in Structure.objects.filter(kind=StructureKind.MDS).select_related("commune"):
        Site.objects.get_or_create(
            commune=structure.commune,
            name=structure.name,
            defaults={"kind": SiteKind.MDS, "structure": structure, "address": structure.address},
        )
        count += 1
    montauban = Commune.objects.get(insee_code=MONTAUBAN)
    Site.objects.get_or_create(
        commune=montauban,
        name=DEPARTMENT_SITE["name"],
        defaults={"kind": SiteKind.DEPARTMENT, "address": DEPARTMENT_SITE["address"]},
    )
    return {"sites de passage de référence": count + 1}

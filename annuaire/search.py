"""What the directory adds to the site-wide search: structures, partners and referents.

The site-wide search is behind login like every page here, so referents may be found; their direct
contacts still stay on the pages of the directory, not in the excerpts.
"""

from annuaire.models import Partner, Referent, Structure
from extranet.registry import SearchHit
from extranet.search.models import HitList


def _structure_hit(structure: Structure) -> SearchHit:
    return SearchHit(
        title=structure.name,
        url=structure.get_absolute_url(),
        excerpt=f"{structure.commune.name} — {structure.get_status_display()}",
        kind="Structure France Services",
    )


def _partner_hit(partner: Partner) -> SearchHit:
    return SearchHit(
        title=partner.name,
        url=partner.get_absolute_url(),
        excerpt=partner.field_of_intervention,
        kind="Partenaire",
    )


def _referent_hit(referent: Referent) -> SearchHit:
    return SearchHit(
        title=referent.full_name,
        url=referent.partner.get_absolute_url(),
        excerpt=" — ".join(filter(None, [referent.function, str(referent.partner)])),
        kind="Référent",
    )


def search_structures(request, query: str) -> HitList:
    return HitList(Structure.objects.select_related("commune"), query, _structure_hit)


def search_partners(request, query: str) -> HitList:
    return HitList(Partner.objects.all(), query, _partner_hit)


def search_referents(request, query: str) -> HitList:
    return HitList(Referent.objects.listed().select_related("partner"), query, _referent_hit)

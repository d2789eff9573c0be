"""List and detail pages cost the same number of queries with little or much data."""

import datetime as dt

import pytest
from django.urls import reverse

from tests import factories

# Generous enough for the layout (session, user, navigation, usage counter), tight enough to catch N+1.
MAX_QUERIES = 20


def populate(size: int):
    """`size` structures and partners, each with hours, closures, permanences, referents and counsellors."""
    partners = factories.PartnerFactory.create_batch(size)
    domain = factories.DomainFactory()
    structures = []
    for i in range(size):
        structure = factories.StructureFactory()
        factories.OpeningHoursFactory(structure=structure, weekday=i % 5)
        factories.OpeningHoursFactory(
            structure=structure, weekday=i % 5, opens=dt.time(14), closes=dt.time(17)
        )
        factories.ClosureFactory(structure=structure)
        structure.partners.set(partners)
        factories.counsellor(structure=structure)
        for partner in partners:
            factories.PermanenceFactory(partner=partner, structure=structure)
        referent = factories.PartnerReferentFactory(partner=partners[i])
        referent.domains.add(domain)
        referent.structures.add(structure)
        structures.append(structure)
    return structures[0], partners[0]


PAGES = {
    "structure_list": lambda s, p: reverse("annuaire:structure_list") + "?q=France",
    "structure_detail": lambda s, p: s.get_absolute_url(),
    "structure_edit": lambda s, p: reverse("annuaire:structure_edit", kwargs={"slug": s.slug}),
    "charter_overview": lambda s, p: reverse("annuaire:charter_overview"),
    "partner_list": lambda s, p: reverse("annuaire:partner_list"),
    "partner_detail": lambda s, p: p.get_absolute_url(),
    "referent_search": lambda s, p: reverse("annuaire:referent_search"),
    "export_xlsx": lambda s, p: reverse("annuaire:structure_export_xlsx"),
}


@pytest.mark.parametrize("page", PAGES)
def test_query_count_does_not_grow_with_the_data(client, animateur, page, queries_stay_flat):
    # Staff sees every page, edit pages included.
    client.force_login(animateur)
    structure, partner = populate(2)
    assert queries_stay_flat(PAGES[page](structure, partner), lambda: populate(6)) <= MAX_QUERIES

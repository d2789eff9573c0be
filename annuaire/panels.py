"""What the directory adds to the home page."""

from annuaire import affiliations
from annuaire.models import Referent


def membership_panel(request):
    memberships = list(
        affiliations.memberships_of(request.user).select_related("structure__commune", "partner", "commune")
    )
    if not memberships:
        return None
    return {"memberships": memberships}


def referent_record_panel(request):
    """« Mon compte » of a partner's referent: their card in « Qui contacter ? », and a link to edit it."""
    record = (
        Referent.objects.filter(user=request.user)
        .select_related("partner")
        .prefetch_related("domains", "structures")
        .first()
    )
    if record is None:
        return None
    return {"record": record, "listed": Referent.objects.listed().filter(pk=record.pk).exists()}

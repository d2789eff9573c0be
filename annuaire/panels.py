"""What the directory adds to the home page."""

from annuaire.models import Membership


def membership_panel(request):
    memberships = list(
        Membership.objects.active().filter(user=request.user).select_related("structure__commune", "partner")
    )
    if not memberships:
        return None
    return {"memberships": memberships}

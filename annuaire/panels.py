"""What the directory adds to the home page."""

from annuaire import affiliations


def membership_panel(request):
    memberships = list(
        affiliations.memberships_of(request.user).select_related("structure__commune", "partner", "commune")
    )
    if not memberships:
        return None
    return {"memberships": memberships}

"""Who may do what in the itinerant cell's app: the one place where the rules live.

Home visits (book, read, handle) and the counts of a passage recorded on the road:

- The itinerant cell (accounts with the itinerant role attached to the cell) and its coordinator
  (given the « Planifier les passages » permission by the CCI) see every request and handle them.
- A booking point (a guichet: town-hall secretariat or MDS; a counsellor of a fixed France Services)
  books requests and sees its own, nobody else's.
- Nobody else sees a request: not the CCI's staff nor the steering staff, whose network-wide rights
  stop at the persons' data (the counts are reported without it).

The tours, sites and passages (planning):

  - Every member reads the tours, the sites and their passages: counsellors orient people to the next
    passage, and the schedule is announced in advance anyway.
  - The coordinator plans: generates passages, cancels one, stops a commune's passages. The
    coordinator is whoever holds the « Planifier les passages de la cellule itinérante » permission
    (given in the admin to the cell's chargé de mission, who may have any role), and the CCI staff,
    who run the network (`Affiliations.runs_network`).
  Anybody else gets a 403 on an action, whatever id they put in the URL; an unknown id is a 404.
"""

from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from annuaire.affiliations import Affiliations
from annuaire.enums import StructureKind
from annuaire.models import Structure
from extranet.enums import Role
from itinerance.models import Passage, Site, Tour

_CELL_CACHE = "_itinerant_cell"
_PLAN_CACHE = "_holds_plan_permission"


def holds_plan_permission(user) -> bool:
    """Holds the planning permission itself or through a group (not merely as a superuser: the CCI's
    admin rights do not open the persons' data). Asked once per request: the answer is kept on the
    user object, as Django keeps `has_perm`'s."""
    if not (user.is_authenticated and user.is_active):
        return False
    cached = getattr(user, _PLAN_CACHE, None)
    if cached is None:
        cached = Permission.objects.filter(
            Q(user=user) | Q(group__user=user), content_type__app_label="itinerance", codename="plan_passages"
        ).exists()
        setattr(user, _PLAN_CACHE, cached)
    return cached


def is_in_cell(user) -> bool:
    """An agent of the itinerant cell, or its coordinator: they handle every home-visit request."""
    cached = getattr(user, _CELL_CACHE, None)
    if cached is None:
        cached = bool(
            user.is_authenticated
            and user.is_active
            and (
                (user.role == Role.ITINERANT and Affiliations.of(user).structure_ids)
                or holds_plan_permission(user)
            )
        )
        setattr(user, _CELL_CACHE, cached)
    return cached


def can_book(user) -> bool:
    """A booking point: a guichet with its commune, or a counsellor of a fixed France Services."""
    if not (user.is_authenticated and user.is_active):
        return False
    affiliations = Affiliations.of(user)
    if user.role == Role.GUICHET:
        return bool(affiliations.commune_ids)
    if user.role == Role.CONSEILLER:
        return Structure.objects.filter(pk__in=affiliations.structure_ids, kind=StructureKind.FIXED).exists()
    return False


def visible_requests(user):
    """The requests `user` may open: all of them for the cell, their own for a booking point."""
    from itinerance.visits import HomeVisitRequest

    if is_in_cell(user):
        return HomeVisitRequest.objects.all()
    return (
        HomeVisitRequest.objects.filter(requested_by=user)
        if user.is_authenticated
        else HomeVisitRequest.objects.none()
    )


def get_request_for_user(request, pk: int, handle: bool = False):
    """The request `pk` if `request.user` may see it (404 otherwise); `handle` (schedule, mark done)
    requires the cell (403 for the booker)."""
    obj = get_object_or_404(visible_requests(request.user).for_listing(), pk=pk)
    if handle and not is_in_cell(request.user):
        raise PermissionDenied
    return obj


def may_cancel(user, obj) -> bool:
    return obj.is_open and (is_in_cell(user) or obj.requested_by_id == user.pk)


def get_passage_for_agent(request, pk: int):
    """A passage whose counts `request.user` may record: an agent of its tour's unit, or the
    coordinator (404 for everyone else)."""
    from itinerance.models import Passage

    passages = Passage.objects.with_places()
    if not holds_plan_permission(request.user):
        passages = passages.filter(tour__unit__agents=request.user)
    return get_object_or_404(passages, pk=pk)


# --- Tours, sites and passages: planning -----------------------------------------------------

PLAN_PERMISSION = "itinerance.plan_passages"


def is_coordinator(user) -> bool:
    """The CCI, a superuser, or whoever holds the planning permission: `user.has_perm(PLAN_PERMISSION)`
    without loading every permission of the person (two queries on every home page)."""
    if not (user.is_authenticated and user.is_active):
        return False
    return Affiliations.of(user).runs_network or user.is_superuser or holds_plan_permission(user)


def require_coordinator(user) -> None:
    if not is_coordinator(user):
        raise PermissionDenied("La planification est réservée à la coordination de la cellule itinérante.")


def get_tour_for_user(request: HttpRequest, pk: int) -> Tour:
    return get_object_or_404(Tour.objects.with_unit(), pk=pk)


def get_site_for_user(request: HttpRequest, pk: int) -> Site:
    return get_object_or_404(Site.objects.select_related("commune", "tour", "tour__unit", "structure"), pk=pk)


def get_passage_for_user(request: HttpRequest, pk: int, write: bool = False) -> Passage:
    passage = get_object_or_404(Passage.objects.with_places(), pk=pk)
    if write:
        require_coordinator(request.user)
    return passage

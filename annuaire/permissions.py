"""Who may change what in the directory: the one place where the rule lives.

Every logged-in member reads everything (login itself is enforced by the middleware). Changes are
reserved to the people who speak for the record (`annuaire.affiliations` says who does):
- a structure's counsellors, or the itinerant agents of the itinerant cell, edit that structure, its
  hours and closures;
- a partner's referents edit that partner, its referents and its permanences;
- CCI staff edit everything.
Anybody else gets a 403, whatever id or slug they put in the URL.
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from annuaire.affiliations import Affiliations
from annuaire.models import Partner, Permanence, Referent, Structure


def can_edit_structure(user, structure: Structure) -> bool:
    return Affiliations.of(user).speaks_for_structure(structure.pk)


def can_edit_partner(user, partner: Partner) -> bool:
    return Affiliations.of(user).speaks_for_partner(partner.pk)


def can_export_network(user) -> bool:
    """The whole directory in the national list's format: for steering (pilotage) and the CCI."""
    return user.oversees_network


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied("Vous ne pouvez pas modifier cette fiche.")


def get_structure_for_user(request: HttpRequest, slug: str, write: bool = False) -> Structure:
    structure = get_object_or_404(Structure.objects.select_related("commune"), slug=slug)
    if write:
        _require(can_edit_structure(request.user, structure))
    return structure


def get_partner_for_user(request: HttpRequest, slug: str, write: bool = False) -> Partner:
    partner = get_object_or_404(Partner, slug=slug)
    if write:
        _require(can_edit_partner(request.user, partner))
    return partner


def get_referent_for_user(request: HttpRequest, pk: int) -> Referent:
    """A referent to edit: only its partner's referents and staff may."""
    referent = get_object_or_404(Referent.objects.select_related("partner"), pk=pk)
    _require(can_edit_partner(request.user, referent.partner))
    return referent


def get_own_referent_record(request: HttpRequest) -> Referent:
    """The signed-in person's own directory record (404 for anyone who has none)."""
    return get_object_or_404(Referent.objects.select_related("partner"), user=request.user)


def get_permanence_for_user(request: HttpRequest, pk: int) -> Permanence:
    """A permanence to edit: it belongs to its partner, so the partner's rule applies."""
    permanence = get_object_or_404(Permanence.objects.select_related("partner", "structure"), pk=pk)
    _require(can_edit_partner(request.user, permanence.partner))
    return permanence

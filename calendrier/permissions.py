"""Who may do what in the calendar: the one place where the rule lives.

- Every member reads the events of their audience (and the ones they organise).
- CCI staff and the Département (pilotage role) create and edit any event.
- A partner referent creates trainings and webinars for their own partner, and edits the events of
  that partner.
- Whoever may edit an event sees its attendee list, exports it and takes attendance.
Anybody else gets a 404 for an event they cannot see and a 403 for one they cannot change, whatever
id they put in the URL.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from annuaire.affiliations import Affiliations
from annuaire.models import Partner
from calendrier.enums import PARTNER_KINDS, EventKind
from calendrier.models import Event


def manages_whole_calendar(user) -> bool:
    # The steering staff organise the steering committees: here overseeing the network is enough.
    return Affiliations.of(user).oversees


def partners_of(user):
    """The partners `user` may organise events for: their own for a referent, any for the managers."""
    if manages_whole_calendar(user):
        return Partner.objects.all()
    return Partner.objects.filter(pk__in=Affiliations.of(user).partner_ids)


def kinds_for(user) -> list[str]:
    """The kinds of event `user` may create (an empty list: none)."""
    if manages_whole_calendar(user):
        return list(EventKind.values)
    if Affiliations.of(user).partner_ids:
        return list(PARTNER_KINDS)
    return []


def can_create_events(user) -> bool:
    return bool(kinds_for(user))


def can_edit_event(user, event: Event) -> bool:
    if manages_whole_calendar(user):
        return True
    return event.kind in PARTNER_KINDS and event.organiser_partner_id in Affiliations.of(user).partner_ids


def get_event_for_user(request: HttpRequest, pk: int, write: bool = False) -> Event:
    """The event; a 404 when `request.user` may not see it, a 403 when `write` and they may not edit it."""
    event = get_object_or_404(
        Event.objects.select_related("structure", "commune", "organiser", "organiser_partner"), pk=pk
    )
    editable = can_edit_event(request.user, event)
    if not (editable or event.is_for(request.user) or event.organiser_id == request.user.pk):
        raise Http404("Événement introuvable.")
    if write and not editable:
        raise PermissionDenied("Vous ne pouvez pas modifier cet événement.")
    return event

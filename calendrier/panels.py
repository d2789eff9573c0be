"""What the calendar adds to other pages: the home page, the site-wide search, a structure's page."""

from itertools import groupby

from annuaire import affiliations
from calendrier.models import CalendarToken, Event, Registration, attach_registrations
from extranet import registry
from extranet.search.models import HitList

HOME_EVENTS = 5


def upcoming_panel(request):
    """ "Prochains événements" on the home page, with the person's own registrations marked."""
    events = (
        Event.objects.visible_to(request.user)
        .upcoming()
        .filter(is_cancelled=False)
        .select_related("structure", "commune")[:HOME_EVENTS]
    )
    events = attach_registrations(request.user, list(events))
    return {"events": events} if events else None


def _event_hit(event: Event) -> registry.SearchHit:
    return registry.SearchHit(
        title=event.title,
        url=event.get_absolute_url(),
        excerpt=f"{event.get_kind_display()} — {event.when()}",
        kind="Événement",
        rank=event.search_rank,
    )


def search_events(request, query: str) -> HitList:
    events = Event.objects.visible_to(request.user).order_by("-start_date")
    return HitList(events, query, _event_hit)


def trainings_panel(request, structure):
    """ "Formations suivies" on a structure's page: the trainings its counsellors attended, among the
    events the viewer may see (a training for referents only stays hidden from a counsellor)."""
    registrations = (
        Registration.objects.trainings_attended()
        .filter(user__in=affiliations.members_of(structure), event__in=Event.objects.visible_to(request.user))
        .select_related("user", "event")
        .order_by("user__last_name", "user__first_name", "user__pk", "-event__start_date")
    )
    people = [(user, list(group)) for user, group in groupby(registrations, key=lambda r: r.user)]
    return {"structure": structure, "people": people}


def account_subscription(request):
    """« Mon agenda » in « Mon compte »: where the personal calendar subscription is managed."""
    return {"has_subscription": CalendarToken.objects.filter(user=request.user).exists()}

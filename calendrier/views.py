import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_GET, require_POST

from calendrier import ical, permissions, sources
from calendrier.exports import attendees_response
from calendrier.feeds import feed_for
from calendrier.forms import EventFilterForm, EventForm
from calendrier.models import (
    CalendarToken,
    Event,
    RegistrationRefused,
    attach_confirmed_counts,
    attach_registrations,
)
from calendrier.month import Month, grid_events, month_grid
from calendrier.permanences import followed_permanences, occurrences_between
from extranet import registry
from extranet.markup import render_markdown
from extranet.spreadsheets.writing import CONTENT_TYPES, download_response

PAGE_SIZE = 20
# The list shows the permanences of the coming weeks (its events have no end date to bound them).
PERMANENCE_HORIZON_DAYS = 28


def _listed_events(user):
    return Event.objects.visible_to(user).select_related("structure", "commune", "organiser_partner")


def event_list(request):
    form = EventFilterForm(request.GET or None)
    events = _listed_events(request.user).upcoming()
    if form.is_valid():
        events = form.filter(events, request.user)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = attach_confirmed_counts(attach_registrations(request.user, list(page.object_list)))
    today = timezone.localdate()
    last_day = (form.is_valid() and form.last_day()) or today + dt.timedelta(days=PERMANENCE_HORIZON_DAYS)
    return render(
        request,
        "calendrier/event_list.html",
        {
            "form": form,
            "page": page,
            "permanences": occurrences_between(followed_permanences(request.user), today, last_day),
            "permanences_until": last_day,
            "can_create": permissions.can_create_events(request.user),
        },
    )


def month_view(request, year=None, month=None):
    today = timezone.localdate()
    try:
        shown = Month.from_url(year, month) if year else Month.containing(today)
    except ValueError as exc:  # month 13, year 0, year 99999999999…
        raise Http404("Mois inconnu.") from exc
    first, last = shown.grid_bounds()

    def weeks():
        events, unfetched = grid_events(_listed_events(request.user), first, last)
        occurrences = occurrences_between(followed_permanences(request.user, since=first), first, last)
        entries = sources.entries_between(request.user, first, last)
        return month_grid(
            shown, attach_registrations(request.user, events), occurrences, today, entries, unfetched
        )

    return render(
        request,
        "calendrier/month.html",
        {
            "month": shown,
            # Read only when the grid is not in the cache, which keeps it per person (their audience,
            # permanences and registrations) and per day (today is marked) until its data change.
            "weeks": SimpleLazyObject(weeks),
            "grid_topics": " ".join(["calendrier", "annuaire", *sources.topics()]),
            "grid_vary": registry.person_and_day(request),
            "can_create": permissions.can_create_events(request.user),
        },
    )


def day_view(request, date):
    """Everything of one day: where the month view's « + 12 autres » leads. The same rules as the month
    view: every member, each seeing the events of their audience."""
    if not Month.FIRST_YEAR <= date.year <= Month.LAST_YEAR:
        raise Http404("Jour inconnu.")
    events = _listed_events(request.user).between(date, date).chronological()
    return render(
        request,
        "calendrier/day.html",
        {
            "day": date,
            "month": Month.containing(date),
            "previous_day": date - dt.timedelta(days=1),
            "next_day": date + dt.timedelta(days=1),
            "events": attach_registrations(request.user, list(events)),
            "permanences": occurrences_between(followed_permanences(request.user, since=date), date, date),
            "entries": sources.entries_between(request.user, date, date),
            "can_create": permissions.can_create_events(request.user),
        },
    )


def event_detail(request, pk):
    event = permissions.get_event_for_user(request, pk)
    registration = event.registrations.filter(user=request.user).first()
    confirmed_count = event.registrations.confirmed().count()
    return render(
        request,
        "calendrier/event_detail.html",
        {
            "event": event,
            "description": render_markdown(event.description),
            "registration": registration,
            "confirmed_count": confirmed_count,
            "seats_left": event.seats_left(confirmed_count),
            "refusal": event.registration_refusal(request.user),
            "can_edit": permissions.can_edit_event(request.user, event),
        },
    )


def event_create(request):
    if not permissions.can_create_events(request.user):
        raise PermissionDenied("Vous ne pouvez pas créer d'événement.")
    form = EventForm(request.POST or None, user=request.user, instance=Event(organiser=request.user))
    if form.is_valid():
        event = form.save()
        messages.success(request, "L'événement est publié dans le calendrier.")
        return redirect(event)
    return render(request, "calendrier/event_form.html", {"form": form})


def event_edit(request, pk):
    event = permissions.get_event_for_user(request, pk, write=True)
    form = EventForm(request.POST or None, user=request.user, instance=event)
    if form.is_valid():
        with transaction.atomic():
            # The UPDATE locks the event row until commit, as `register` does: no registration can
            # slip in between the count of free places and the promotions.
            event = form.save()
            event.fill_free_places()  # more places: the waiting list moves up
        messages.success(request, "L'événement est modifié.")
        return redirect(event)
    return render(request, "calendrier/event_form.html", {"form": form, "event": event})


@require_POST
def event_cancel(request, pk):
    event = permissions.get_event_for_user(request, pk, write=True)
    if not event.is_cancelled:
        event.cancel()
        messages.success(
            request,
            "L'événement est annulé : les inscrits sont prévenus par e-mail et leurs agendas le montreront.",
        )
    return redirect(event)


@require_POST
def event_register(request, pk):
    event = permissions.get_event_for_user(request, pk)
    try:
        registration = event.register(request.user)
    except RegistrationRefused as refusal:
        messages.error(request, refusal.message)
    else:
        if registration.is_confirmed:
            messages.success(request, "Vous êtes inscrit(e).")
        else:
            messages.info(
                request,
                f"L'événement est complet : vous êtes sur la liste d'attente, en position "
                f"{registration.waiting_position()}. Vous recevrez un e-mail si une place se libère.",
            )
    return redirect(event)


@require_POST
def event_unregister(request, pk):
    event = permissions.get_event_for_user(request, pk)
    try:
        event.unregister(request.user)
    except RegistrationRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, "Votre inscription est annulée.")
    return redirect(event)


def _attendee_registrations(event):
    return list(
        event.registrations.select_related("user").prefetch_related(
            "user__memberships__structure", "user__memberships__partner"
        )
    )


def event_attendees(request, pk):
    event = permissions.get_event_for_user(request, pk, write=True)
    registrations = _attendee_registrations(event)
    can_take_attendance = event.has_started()
    if request.method == "POST":
        if not can_take_attendance:
            raise PermissionDenied("La présence se note une fois l'événement commencé.")
        present = set(request.POST.getlist("present"))
        for registration in registrations:  # one save each, so that the audit log records each change
            if registration.is_confirmed:
                registration.attended = str(registration.pk) in present
                registration.save(update_fields=["attended"])
        messages.success(request, "Les présences sont enregistrées.")
        return redirect("calendrier:event_attendees", pk=event.pk)
    return render(
        request,
        "calendrier/event_attendees.html",
        {"event": event, "registrations": registrations, "can_take_attendance": can_take_attendance},
    )


@require_GET
def event_attendees_export(request, pk, file_format):
    if file_format not in CONTENT_TYPES:
        raise Http404("Format inconnu.")
    event = permissions.get_event_for_user(request, pk, write=True)
    return attendees_response(event, _attendee_registrations(event), file_format)


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    return download_response(content, filename, "text/calendar; charset=utf-8")


@require_GET
def event_ics(request, pk):
    event = permissions.get_event_for_user(request, pk)
    return _ics_response(ical.event_ics(event), f"evenement-{event.pk}.ics")


def subscription(request):
    token = CalendarToken.for_user(request.user)
    if request.method == "POST":
        token.regenerate()
        messages.success(
            request, "Une nouvelle adresse d'abonnement est créée ; l'ancienne ne fonctionne plus."
        )
        return redirect("calendrier:subscription")
    return render(
        request,
        "calendrier/subscription.html",
        {"token": token, "feed_url": request.build_absolute_uri(token.get_absolute_url())},
    )


@login_not_required
@require_GET
def feed(request, pk, token):
    """The subscription feed: calendar applications cannot log in, so the secret token stands for it."""
    subscription = get_object_or_404(CalendarToken.objects.select_related("user"), pk=pk)
    if not constant_time_compare(subscription.token, token) or not subscription.user.is_active:
        raise Http404("Abonnement inconnu.")
    content = feed_for(subscription.user)
    return _ics_response(content, "calendrier-france-services-82.ics")

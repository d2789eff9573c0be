"""Home visits (booking, follow-up, the cell's queue) and the agents' « Aujourd'hui » page."""

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import F, Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from annuaire.affiliations import Affiliations
from annuaire.models import Commune
from extranet.typography import plural, punctuate
from itinerance import permissions, planning
from itinerance.enums import PassageStatus, VisitStatus
from itinerance.models import Passage, PassageCount
from itinerance.visit_forms import (
    CountChoices,
    HomeVisitRequestForm,
    PassageCountsForm,
    QueueFilterForm,
    ScheduleForm,
)
from itinerance.visits import HomeVisitRequest, log_read

QUEUE_PAGE_SIZE = 50
# A passage's partner-and-theme lines as « Aujourd'hui » lists them (NULLs last on every database).
RECORDED_COUNTS = PassageCount.objects.select_related("partner", "theme").order_by(
    F("partner__name").asc(nulls_last=True), F("theme__name").asc(nulls_last=True)
)


def visit_mine(request):
    """A booking point's own requests, newest first."""
    if not permissions.can_book(request.user):
        raise PermissionDenied
    requests = HomeVisitRequest.objects.requested_by(request.user).for_listing().order_by("-created_at")
    page = Paginator(requests, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "itinerance/visit_mine.html", {"page": page})


def visit_create(request):
    if not permissions.can_book(request.user):
        raise PermissionDenied
    communes = list(Commune.objects.filter(pk__in=Affiliations.of(request.user).commune_ids))
    form = HomeVisitRequestForm(request.POST or None, user=request.user, communes=communes)
    if form.is_valid():
        visit = form.save()
        messages.success(
            request,
            f"Demande n°\u00a0{visit.pk} envoyée à la cellule itinérante\u00a0: "
            "vous recevrez un e-mail quand la visite sera planifiée.",
        )
        return redirect(visit)
    return render(
        request,
        "itinerance/visit_form.html",
        {"form": form, "retention_days": settings.HOME_VISIT_RETENTION_DAYS},
    )


def _detail(request, visit, schedule_form=None, status=200, clashes=()):
    handles = permissions.is_in_cell(request.user)
    context = {
        "visit": visit,
        "handles": handles,
        "may_cancel": permissions.may_cancel(request.user, visit),
        "retention_days": settings.HOME_VISIT_RETENTION_DAYS,
    }
    if handles and visit.is_open:
        initial = {"date": request.GET.get("date"), "unit": request.GET.get("unite")}
        context["schedule_form"] = schedule_form or ScheduleForm(initial=initial)
        context["suggestions"] = visit.suggestions()
        context["clashes"] = clashes
    log_read(visit)
    return render(request, "itinerance/visit_detail.html", context, status=status)


def visit_detail(request, pk):
    return _detail(request, permissions.get_request_for_user(request, pk))


@require_POST
def visit_schedule(request, pk):
    visit = permissions.get_request_for_user(request, pk, handle=True)
    if not visit.is_open:
        raise PermissionDenied
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        return _detail(request, visit, schedule_form=form, status=400)
    # The unit's passages and visits of that day: a clash is said in words before anything is saved,
    # and saved only once confirmed (as the planning preview's changes).
    clashes = planning.visit_conflicts(visit, form.when(), form.cleaned_data["unit"])
    if clashes and not form.confirmed():
        form.warn()
        return _detail(request, visit, schedule_form=form, clashes=clashes)
    with transaction.atomic():
        visit.schedule(form.when(), form.cleaned_data["unit"], request.user)
    anyway = " malgré les points signalés" if clashes else ""
    messages.success(request, f"Visite {visit.get_status_display().lower()} le {visit.when()}{anyway}.")
    return redirect(visit)


@require_POST
def visit_close(request, pk):
    visit = permissions.get_request_for_user(request, pk)
    status = request.POST.get("status")
    allowed = {
        VisitStatus.DONE: permissions.is_in_cell(request.user) and visit.is_open,
        VisitStatus.CANCELLED: permissions.may_cancel(request.user, visit),
    }
    if not allowed.get(status):
        raise PermissionDenied
    with transaction.atomic():
        visit.close(status)
    messages.success(request, f"Demande n°\u00a0{visit.pk}\u00a0: {visit.get_status_display().lower()}.")
    return redirect(visit)


def visit_queue(request):
    """The cell's queue: open requests, oldest first, by commune. No person's data on this page."""
    if not permissions.is_in_cell(request.user):
        raise PermissionDenied
    open_requests = HomeVisitRequest.objects.open()
    communes = Commune.objects.filter(pk__in=open_requests.values("commune")).order_by("name")
    form = QueueFilterForm(request.GET or None, communes=communes)
    requests = open_requests.for_listing().by_age()
    if form.is_valid() and form.cleaned_data["commune"]:
        requests = requests.filter(commune=form.cleaned_data["commune"])
    page = Paginator(requests, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "itinerance/visit_queue.html", {"form": form, "page": page, "today": timezone.localdate()}
    )


# --- « Aujourd'hui » -----------------------------------------------------------------------------


def _day_items(user, day: dt.date, bound: dict | None = None):
    """The agent's passages and visits of `day`, in time order, each passage with its counts form."""
    passages = list(
        Passage.objects.filter(date=day, tour__unit__agents=user)
        .exclude(status=PassageStatus.STOPPED)
        .with_places()
        .prefetch_related(Prefetch("counts", queryset=RECORDED_COUNTS))
        .order_by("starts_at")
    )
    visits = (
        HomeVisitRequest.objects.on_day(day)
        .filter(unit__agents=user)
        .open()
        .select_related("commune", "partner", "theme")
        .distinct()
    )
    choices = CountChoices.load([*passages, *(form.instance for form in (bound or {}).values())])
    items = []
    for passage in passages:
        form = (bound or {}).get(passage.pk) or PassageCountsForm(instance=passage, choices=choices)
        items.append({"kind": "passage", "time": passage.starts_at, "passage": passage, "form": form})
    for visit in visits:
        log_read(visit)
        items.append({"kind": "visit", "time": timezone.localtime(visit.scheduled_at).time(), "visit": visit})
    return sorted(items, key=lambda item: item["time"])


def today(request):
    """The day of an itinerant agent on the road: phone-first, no JavaScript needed."""
    if not permissions.is_in_cell(request.user):
        raise PermissionDenied
    day = timezone.localdate()
    return render(request, "itinerance/today.html", {"day": day, "items": _day_items(request.user, day)})


@require_POST
def passage_counts(request, pk):
    """Record a passage's counts and its partner-and-theme lines, together or not at all. A refused post
    re-renders the day with every value typed and says so."""
    passage = permissions.get_passage_for_agent(request, pk)
    form = PassageCountsForm(request.POST, instance=passage, choices=CountChoices.load([passage]))
    if form.is_valid():
        passage = form.save_counts(request.user)
        recorded = [plural(passage.people_received, "personne reçue")]
        recorded += [count.describe() for count in RECORDED_COUNTS.filter(passage=passage)]
        recorded_text = " ; ".join(recorded)
        messages.success(request, punctuate(f"Chiffres enregistrés pour {passage.site} : {recorded_text}."))
        return redirect(f"{reverse('itinerance:today')}#passage-{passage.pk}")
    day = timezone.localdate()
    items = _day_items(request.user, day, bound={passage.pk: form})
    if not any(item.get("passage") == passage for item in items):  # another day's passage
        items.insert(0, {"kind": "passage", "time": passage.starts_at, "passage": passage, "form": form})
    messages.error(
        request,
        f"Les chiffres de {passage.site} ne sont pas enregistrés\u00a0: corrigez les erreurs signalées, "
        "les valeurs saisies sont conservées ci-dessous.",
    )
    return render(
        request, "itinerance/today.html", {"day": day, "items": items, "failed": passage.pk}, status=400
    )

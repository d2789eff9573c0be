import datetime as dt

from django.contrib import messages
from django.db.models import Count, Min, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from itinerance import labelling, planning
from itinerance.enums import PassageStatus
from itinerance.forms import CancelPassageForm, GenerateForm, StopSiteForm
from itinerance.models import Site, Tour
from itinerance.permissions import (
    get_passage_for_user,
    get_site_for_user,
    get_tour_for_user,
    is_coordinator,
    require_coordinator,
)

# How far ahead the tour and site pages list passages.
UPCOMING_DAYS = 62
HISTORY_DAYS = 365


def tour_list(request):
    today = timezone.localdate()
    tours = (
        Tour.objects.active()
        .with_unit()
        .annotate(
            site_count=Count("sites", filter=Q(sites__is_active=True), distinct=True),
            next_date=Min(
                "passages__date", filter=Q(passages__date__gte=today, passages__status=PassageStatus.PLANNED)
            ),
        )
        .order_by("name")
    )
    coordinator = is_coordinator(request.user)
    return render(
        request,
        "itinerance/tour_list.html",
        {
            "tours": tours,
            "is_coordinator": coordinator,
            "sites_to_stop": len(labelling.sites_to_stop(today)) if coordinator else 0,
            "unserved_sites": Site.objects.active().filter(tour__isnull=True).select_related("commune"),
        },
    )


def tour_detail(request, pk):
    tour = get_tour_for_user(request, pk)
    today = timezone.localdate()
    sites = (
        tour.sites.active().select_related("commune").prefetch_related("rules").order_by("position", "name")
    )
    passages = (
        tour.passages.between(today, today + dt.timedelta(days=UPCOMING_DAYS))
        .select_related("site", "site__commune")
        .chronological()
    )
    return render(
        request,
        "itinerance/tour_detail.html",
        {
            "tour": tour,
            "sites": sites,
            "passages": passages,
            "until": today + dt.timedelta(days=UPCOMING_DAYS),
            "stopped_sites": tour.sites.filter(is_active=False).select_related("commune"),
            "is_coordinator": is_coordinator(request.user),
        },
    )


def site_detail(request, pk):
    site = get_site_for_user(request, pk)
    today = timezone.localdate()
    passages = site.passages.select_related("tour").order_by("date", "starts_at")
    return render(
        request,
        "itinerance/site_detail.html",
        {
            "site": site,
            "rules": site.rules.all(),
            # Each passage its own cancel form (its own field ids on the page).
            "upcoming": [
                (passage, CancelPassageForm(prefix=f"passage-{passage.pk}"))
                for passage in passages.between(today, today + dt.timedelta(days=UPCOMING_DAYS))
            ],
            "history": passages.between(
                today - dt.timedelta(days=HISTORY_DAYS), today - dt.timedelta(days=1)
            ).order_by("-date", "-starts_at"),
            "is_coordinator": is_coordinator(request.user),
        },
    )


def planning_view(request):
    """Generate the passages of the coming months: a preview first, then the saving."""
    require_coordinator(request.user)
    form = GenerateForm(request.POST or None)
    plan = None
    if request.method == "POST" and form.is_valid():
        first, last = form.period()
        tour = form.cleaned_data["tour"]
        sites = Site.objects.active().filter(tour__is_active=True)
        if tour:
            sites = sites.filter(tour=tour)
        plan = planning.make_plan(first, last, sites)
        if "save" in request.POST:
            if plan.has_changes and not form.cleaned_data["confirm_changes"]:
                form.add_error(
                    "confirm_changes",
                    "Des passages déjà annoncés changent : relisez-les et cochez la case pour les confirmer.",
                )
            else:
                done = planning.apply_plan(plan, confirm_changes=form.cleaned_data["confirm_changes"])
                messages.success(
                    request,
                    f"Passages ajoutés : {done['created']} ; passages annoncés modifiés : {done['changed']}.",
                )
                return redirect("itinerance:tour_list")
    return render(request, "itinerance/planning.html", {"form": form, "plan": plan})


def stops(request):
    """Sites in communes that now have a labelled France Services, with the action to stop them."""
    require_coordinator(request.user)
    today = timezone.localdate()
    rows = [
        (row, StopSiteForm(initial={"from_date": today}, prefix=f"site-{row.site.pk}"))
        for row in labelling.sites_to_stop(today)
    ]
    return render(request, "itinerance/stops.html", {"rows": rows})


@require_POST
def stop_site(request, pk):
    require_coordinator(request.user)
    site = get_site_for_user(request, pk)
    row = next((row for row in labelling.sites_to_stop() if row.site.pk == site.pk), None)
    form = StopSiteForm(request.POST, prefix=f"site-{site.pk}")
    if row is None:
        messages.error(request, "Ce site n'est pas dans une commune dotée d'une France Services labellisée.")
        return redirect("itinerance:stops")
    if not form.is_valid():
        return render(request, "itinerance/stops.html", {"rows": [(row, form)]}, status=400)
    count = labelling.stop_site(site, form.cleaned_data["from_date"], row.reason())
    messages.success(
        request, f"Passages arrêtés à {site} : {count} passage(s) à venir retiré(s) du calendrier."
    )
    return redirect(site)


@require_POST
def passage_cancel(request, pk):
    passage = get_passage_for_user(request, pk, write=True)
    form = CancelPassageForm(request.POST, prefix=f"passage-{passage.pk}")
    if passage.status != PassageStatus.PLANNED:
        messages.error(request, "Seul un passage prévu peut être annulé.")
    elif form.is_valid():
        passage.status, passage.public_reason = PassageStatus.CANCELLED, form.cleaned_data["public_reason"]
        passage.save()
        messages.success(request, "Le passage est annulé ; le motif est affiché dans le calendrier.")
    else:
        messages.error(request, "Indiquez le motif de l'annulation, affiché au public.")
    return redirect(passage.site)

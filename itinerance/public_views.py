"""The public pages of the cell's schedule; itinerance/public.py says what they show and how they cache."""

import datetime as dt

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from annuaire.models import Commune
from extranet.emails import absolute_url
from extranet.spreadsheets.writing import download_response
from itinerance import public


def _render(request, template_name: str, context: dict):
    # The page is cached and served to everyone: render it with an anonymous visitor's layout (no
    # personal menu, no message waiting for whoever asked first).
    return render(request, template_name, {**context, "user": AnonymousUser(), "messages": []})


def _window(past_days: int, future_days: int) -> tuple[dt.date, dt.date]:
    today = timezone.localdate()
    return today - dt.timedelta(days=past_days), today + dt.timedelta(days=future_days)


def _commune(insee: str) -> Commune:
    served = Commune.objects.filter(itinerant_sites__isnull=False).distinct()
    return get_object_or_404(served.only("name", "insee_code"), insee_code=insee)


@login_not_required
@public.published_view
def schedule_index(request):
    communes = public.communes_served(timezone.localdate())
    return _render(request, "itinerance/public/index.html", {"communes": communes})


@login_not_required
@public.published_view
def commune_schedule(request, insee):
    commune = _commune(insee)
    sites = public.public_sites(commune=commune)
    passages = public.public_passages(sites, *_window(public.PAGE_PAST_DAYS, public.PAGE_FUTURE_DAYS))
    context = {
        "commune": commune,
        "sites": list(sites.values()),
        "passages": passages,
        "feed_url": absolute_url(reverse("itinerance:public_feed", args=[commune.insee_code])),
    }
    return _render(request, "itinerance/public/commune.html", context)


@login_not_required
@public.published_view
def site_schedule(request, pk):
    sites = public.public_sites(pk=pk)
    if not sites:
        raise Http404("Lieu inconnu.")
    passages = public.public_passages(sites, *_window(public.PAGE_PAST_DAYS, public.PAGE_FUTURE_DAYS))
    return _render(request, "itinerance/public/site.html", {"site": sites[pk], "passages": passages})


@login_not_required
@public.published_view
def commune_feed(request, insee):
    commune = _commune(insee)
    sites = public.public_sites(commune=commune)
    passages = public.public_passages(sites, *_window(public.FEED_PAST_DAYS, public.FEED_FUTURE_DAYS))
    content = public.commune_feed(commune.name, passages)
    filename = f"cellule-itinerante-{commune.insee_code}.ics"
    return download_response(content, filename, "text/calendar; charset=utf-8")

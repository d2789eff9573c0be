"""Printed announcements: an A4 poster per site for the town hall's board, a month programme per tour.

Both are PDFs drawn on the server (extranet/pdf.py); the poster also has an HTML preview, with the
same body. They show what the public pages show — dates, times, places, statuses and public reasons
— and the cell's two fixed texts from `PublicSchedule` (what it helps with, how to ask for a home
visit): no agent, no contact of a person. Every member may print them, as every member reads the
schedule (itinerance/permissions.py).
"""

import datetime as dt

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from calendrier.month import Month
from extranet.emails import absolute_url
from extranet.pdf import pdf_response
from itinerance.models import PublicSchedule, Site
from itinerance.permissions import get_site_for_user, get_tour_for_user

# The poster lists the next passages of about three months, as many as fit the page with its texts.
POSTER_PASSAGES = 8
POSTER_DAYS = 92


def poster_context(site: Site) -> dict:
    today = timezone.localdate()
    schedule = PublicSchedule.load()
    passages = site.passages.between(today, today + dt.timedelta(days=POSTER_DAYS)).chronological()
    public_url = (
        absolute_url(reverse("itinerance:public_site", args=[site.pk])) if schedule.is_published else ""
    )
    return {
        "site": site,
        "usual_slot": site.describe_schedule() if site.is_active else "",
        "passages": list(passages[:POSTER_PASSAGES]),
        "schedule": schedule,
        "public_url": public_url,
        "today": today,
    }


@require_GET
def site_poster(request, pk):
    site = get_site_for_user(request, pk)
    return render(request, "itinerance/poster_preview.html", poster_context(site))


@require_GET
def site_poster_pdf(request, pk):
    site = get_site_for_user(request, pk)
    filename = f"affiche-{slugify(site.commune.name)}-{slugify(site.name)}.pdf"
    return pdf_response(
        "itinerance/poster.html", poster_context(site), filename, request=request, inline=True
    )


@require_GET
def tour_programme(request, pk, year=None, month=None):
    tour = get_tour_for_user(request, pk)
    today = timezone.localdate()
    try:
        shown = Month.from_url(year, month) if year else Month.containing(today)
    except ValueError as exc:  # month 13, year 0…
        raise Http404("Mois inconnu.") from exc
    first = shown.first_day
    last = shown.next().first_day - dt.timedelta(days=1)
    passages = tour.passages.between(first, last).select_related("site", "site__commune").chronological()
    month_label = date_format(first, "F Y")
    context = {"tour": tour, "passages": passages, "month_label": month_label, "today": today}
    filename = f"programme-{slugify(tour.name)}-{first:%Y-%m}.pdf"
    return pdf_response("itinerance/programme.html", context, filename, request=request, inline=True)

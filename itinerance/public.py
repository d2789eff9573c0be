"""The cell's schedule announced to the public: pages per commune and per site, an iCal feed per commune.

The CCI turns them on in the admin (`PublicSchedule.is_published`); until then they answer 404. They
show dates, times, places (a site's name and address, its commune), statuses and public reasons,
nothing else: no tour, unit or agent, no access notes, no home visit. Sites and passages are read
through the `values()` lists below, so a field added to a model later is not shown by accident.

Crawlers and calendar applications may call them often. Each response is kept in the cache under the
schedule's data version (`data_version`, one aggregate query), so a request costs two queries while
nothing changed, and a passage added, moved, cancelled or stopped — even by a bulk `update()` — is
public on the next request. Only a renamed site or commune, which the version does not see, may lag
for `CACHE_SECONDS`. Browsers and proxies may keep a page `MAX_AGE` seconds; a conditional request
carrying the page's ETag gets a 304.
"""

import datetime as dt
import hashlib
from dataclasses import dataclass
from functools import wraps

from django.core.cache import cache
from django.db.models import Count, Max, Q
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import quote_etag
from django.views.decorators.http import require_GET

from calendrier import ical
from calendrier.sources import CalendarEntry
from extranet.typography import format_time_range
from itinerance.calendar import KIND
from itinerance.enums import PassageStatus
from itinerance.models import Passage, PublicSchedule, Site

# What the public sees of a site and of a passage (see the module docstring).
SITE_FIELDS = ("pk", "name", "address", "is_active", "commune__name", "commune__insee_code")
PASSAGE_FIELDS = (
    "pk",
    "site_id",
    "date",
    "starts_at",
    "ends_at",
    "status",
    "public_reason",
    "sequence",
    "updated_at",
)
OFF = (PassageStatus.CANCELLED, PassageStatus.STOPPED)

PAGE_PAST_DAYS = 7  # a passage cancelled last week still explains itself
PAGE_FUTURE_DAYS = 92  # about three months
FEED_PAST_DAYS = 60
FEED_FUTURE_DAYS = 366
CACHE_SECONDS = 60 * 60
MAX_AGE = 5 * 60


@dataclass(frozen=True)
class PublicPassage:
    """A passage as the public sees it."""

    pk: int
    site: dict
    date: dt.date
    starts_at: dt.time
    ends_at: dt.time
    status: str
    public_reason: str
    sequence: int
    updated_at: dt.datetime

    @property
    def is_off(self) -> bool:
        return self.status in OFF

    @property
    def status_label(self) -> str:
        return PassageStatus(self.status).label

    def time_range(self) -> str:
        return format_time_range(self.starts_at, self.ends_at)

    def calendar_entry(self) -> CalendarEntry:
        site = self.site
        place = ", ".join(part for part in (site["name"], site["address"], site["commune__name"]) if part)
        return CalendarEntry(
            kind=KIND,
            title=site["name"],
            day=self.date,
            start=timezone.make_aware(dt.datetime.combine(self.date, self.starts_at)),
            end=timezone.make_aware(dt.datetime.combine(self.date, self.ends_at)),
            url=reverse("itinerance:public_site", args=[site["pk"]]),
            # The UID of the passage in the members' feeds too: one passage, one entry everywhere.
            uid_key=f"passage-{self.pk}",
            sequence=self.sequence,
            updated_at=self.updated_at,
            location=place,
            cancelled=self.is_off,
            cancelled_label=self.status_label,
            note=self.public_reason,
        )


def data_version() -> str:
    """Changes whenever a passage is added, removed, edited or changes status, or a site stops."""
    passages = Passage.objects.aggregate(
        count=Count("pk"),
        last_pk=Max("pk"),
        changed=Max("updated_at"),
        sequences=Max("sequence"),
        off=Count("pk", filter=Q(status__in=OFF)),
        held=Count("pk", filter=Q(status=PassageStatus.HELD)),
        sites=Count("site", distinct=True),
        active_sites=Count("site", filter=Q(site__is_active=True), distinct=True),
    )
    return hashlib.sha256(repr(sorted(passages.items())).encode()).hexdigest()[:20]


def public_sites(**filters) -> dict[int, dict]:
    sites = Site.objects.filter(**filters).order_by("name").values(*SITE_FIELDS)
    return {site["pk"]: site for site in sites}


def public_passages(sites: dict[int, dict], first: dt.date, last: dt.date) -> list[PublicPassage]:
    rows = (
        Passage.objects.filter(site__in=list(sites))
        .between(first, last)
        .order_by("date", "starts_at", "site__name")
        .values(*PASSAGE_FIELDS)
    )
    return [PublicPassage(site=sites[row.pop("site_id")], **row) for row in rows]


def communes_served(today: dt.date) -> list[dict]:
    """Every commune with a site, with its next announced passage (one query)."""
    return list(
        Site.objects.values("commune__name", "commune__insee_code")
        .annotate(
            next_passage=Max(
                "passages__date",
                filter=Q(passages__date__gte=today, passages__status=PassageStatus.PLANNED),
            )
        )
        .order_by("commune__name")
    )


def commune_feed(commune_name: str, passages: list[PublicPassage]) -> bytes:
    return ical.entries_ics(
        f"Cellule itinérante France Services — {commune_name}",
        [passage.calendar_entry() for passage in passages],
    )


def published_view(view):
    """A public page of the schedule: 404 unless published, cached under the data version (above)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not PublicSchedule.load().is_published:
            raise Http404("Le calendrier de la cellule itinérante n'est pas publié.")
        # The day is part of the version: the pages' windows move at midnight.
        etag = quote_etag(f"{data_version()}-{timezone.localdate():%Y%m%d}")
        if etag in request.headers.get("If-None-Match", ""):
            response = HttpResponseNotModified()
        else:
            key = f"itinerance:public:{hashlib.sha256(request.path.encode()).hexdigest()}:{etag}"
            cached = cache.get(key)
            if cached is None:
                built = view(request, *args, **kwargs)
                cached = (built.content, built["Content-Type"], built.get("Content-Disposition"))
                cache.set(key, cached, CACHE_SECONDS)
            content, content_type, disposition = cached
            response = HttpResponse(content, content_type=content_type)
            if disposition:
                response["Content-Disposition"] = disposition
        response["ETag"] = etag
        patch_cache_control(response, public=True, max_age=MAX_AGE)
        return response

    return require_GET(wrapper)

"""A member's subscription feed, cached until what it shows changes.

Calendar applications poll the feed every few hours, and rendering thousands of events with the
`icalendar` library costs about a millisecond each. The feed is therefore kept in the cache under a
fingerprint of everything it shows: the day, the count and latest change of the events in its window,
the person's registrations, the followed permanences and what other apps add
(calendrier/sources.py). Any event edit, cancellation, registration
or permanence change makes a new fingerprint, so the next poll gets a fresh feed; only the names of
places (a renamed structure or commune) may lag, at most `FEED_CACHE_SECONDS`.
"""

import datetime as dt
import hashlib

from django.core.cache import cache
from django.db.models import Count, Max
from django.utils import timezone

from calendrier import ical
from calendrier.models import Event, Registration
from calendrier.permanences import followed_permanences, occurrences_between
from calendrier.sources import entries_between
from calendrier.sources import fingerprint as entries_fingerprint

# Calendar applications drop what is no longer in the feed: keep three months of history.
FEED_PAST_DAYS = 90
FEED_FUTURE_DAYS = 365
FEED_PERMANENCE_DAYS = 84
FEED_CACHE_SECONDS = 60 * 60


def feed_for(user) -> bytes:
    today = timezone.localdate()
    events = Event.objects.visible_to(user).between(
        today - dt.timedelta(days=FEED_PAST_DAYS), today + dt.timedelta(days=FEED_FUTURE_DAYS)
    )
    registrations = dict(Registration.objects.filter(user=user).values_list("event_id", "status"))
    permanences = followed_permanences(user)
    # Other apps' entries (the itinerant cell's passages) over the same weeks as the permanences.
    entries_window = (
        today - dt.timedelta(days=FEED_PAST_DAYS),
        today + dt.timedelta(days=FEED_PERMANENCE_DAYS),
    )
    fingerprint = repr(
        (
            user.pk,
            user.role,
            user.is_staff,
            today,
            tuple(events.aggregate(count=Count("pk"), last=Max("updated_at")).values()),
            sorted(registrations.items()),
            # A closure added or moved hides or shows occurrences: the feed must be rebuilt.
            [
                (
                    p.pk,
                    str(p),
                    p.starts_at,
                    p.ends_at,
                    [(c.starts_on, c.ends_on) for c in p.structure.closures.all()],
                )
                for p in permanences
            ],
            entries_fingerprint(user, *entries_window),
        )
    )
    key = f"calendrier:feed:{hashlib.sha256(fingerprint.encode()).hexdigest()}"
    content = cache.get(key)
    if content is None:
        content = ical.feed_ics(
            events.select_related("structure", "commune").chronological(),
            registrations,
            occurrences_between(permanences, today, today + dt.timedelta(days=FEED_PERMANENCE_DAYS)),
            stamp=timezone.now(),
            entries=entries_between(user, *entries_window),
        )
        cache.set(key, content, FEED_CACHE_SECONDS)
    return content

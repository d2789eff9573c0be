"""Generating the passages of the coming months from the sites' rules, with a preview.

`make_plan()` works out, without writing anything, what generating the passages of [first, last]
would do, in words the coordinator reads before saving:

- the new passages (a public holiday is skipped and a replacement day proposed: the next working day
  of the same week, else the last working day before it);
- the changes to passages already announced — a passage whose time changed, or one the rules no
  longer place — which are applied only when the coordinator confirms them: regenerating never
  moves an announced passage silently, and never duplicates one (a passage is the same when its
  site, date and start time are);
- the conflicts: a unit, or an agent, expected in two places at once; two sites of the same day too
  far apart for the time between them (straight-line distance at 50 km/h, a plain estimate); a
  site with fewer than 2 passages in a month; a home visit of the period that clashes with a passage.

`visit_conflicts()` runs the same checks when the cell schedules or moves a home visit.

`apply_plan()` writes it in one transaction. Passages added by hand (no rule) and passages already
cancelled, stopped or held are never touched.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format

from extranet import fragments
from extranet.typography import format_date, format_duration, format_time, format_time_range, plural
from extranet.working_days import is_working_day, public_holiday_name
from itinerance.enums import PassageStatus
from itinerance.models import Passage, Rule, Site, Unit
from itinerance.visits import VISIT_DURATION, HomeVisitRequest, commune_places

AVERAGE_SPEED_KMH = 50
PASSAGES_PER_MONTH = 2
WITHDRAWN_REASON = "Passage retiré du calendrier de la tournée"


@dataclass
class Slot:
    """A passage to be (or already) in the calendar: what the checks compare."""

    site: Site
    date: dt.date
    starts_at: dt.time
    ends_at: dt.time
    rule: Rule | None = None
    passage: Passage | None = None  # the saved passage, if any
    holiday: str = ""  # the public holiday it replaces, if moved
    holiday_date: dt.date | None = None
    # A scheduled home visit rather than a passage: its `site` is then its commune's place, in memory.
    visit: HomeVisitRequest | None = None

    @property
    def key(self) -> tuple[int, dt.date, dt.time]:
        return self.site.pk, self.date, self.starts_at

    @property
    def unit_id(self) -> int | None:
        if self.visit is not None:
            return self.visit.unit_id
        return self.site.tour.unit_id if self.site.tour_id else None

    @property
    def unit(self) -> Unit | None:
        if self.visit is not None:
            return self.visit.unit
        return self.site.tour.unit if self.site.tour_id else None

    def time_range(self) -> str:
        return format_time_range(self.starts_at, self.ends_at)

    def when(self) -> str:
        return f"{format_date(self.date, weekday=True)}, {self.time_range()}"

    def overlaps(self, other: "Slot") -> bool:
        return self.date == other.date and self.starts_at < other.ends_at and other.starts_at < self.ends_at


@dataclass
class Change:
    """A change to an announced passage, applied only once confirmed."""

    passage: Passage
    new: Slot | None  # None: the passage is withdrawn (cancelled, so the feeds show it struck out)

    def describe(self) -> str:
        passage = self.passage
        old = f"{passage.site}, {format_date(passage.date, weekday=True)}, {passage.time_range()}"
        if self.new is None:
            return f"{old} : n'est plus prévu par les règles, il sera annulé."
        return f"{old} : l'horaire devient {self.new.time_range()}."


@dataclass
class Plan:
    first: dt.date
    last: dt.date
    new: list[Slot] = field(default_factory=list)
    kept: list[Slot] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    holidays: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    visits: list[Slot] = field(default_factory=list)  # home visits scheduled in the period

    @property
    def has_changes(self) -> bool:
        return bool(self.changes)

    def summary(self) -> str:
        return (
            f"{plural(len(self.new), 'nouveau passage,nouveaux passages')}, "
            f"{plural(len(self.kept), 'passage déjà annoncé')} sans changement, "
            f"{plural(len(self.changes), 'modification')} à confirmer"
        )


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    return dt.date(day.year + month // 12, month % 12 + 1, 1)


def replacement_day(day: dt.date) -> dt.date | None:
    """For a passage falling on a public holiday: the next working day of the same week, else the last
    working day before it in that week; None if the whole week is off."""
    monday = day - dt.timedelta(days=day.weekday())
    after = [monday + dt.timedelta(days=n) for n in range(day.weekday() + 1, 5)]
    before = [monday + dt.timedelta(days=n) for n in range(day.weekday() - 1, -1, -1)]
    return next((d for d in [*after, *before] if is_working_day(d)), None)


def _sites(sites=None):
    queryset = Site.objects.active().filter(tour__is_active=True) if sites is None else sites
    return list(
        queryset.select_related("commune", "tour", "tour__unit").prefetch_related(
            "rules", "tour__unit__agents"
        )
    )


def proposed_slots(sites: list[Site], first: dt.date, last: dt.date, holidays: list[str]) -> list[Slot]:
    slots = []
    for site in sites:
        for rule in site.rules.all():
            for day in rule.dates_between(first, last):
                slot = Slot(site, day, rule.starts_at, rule.ends_at, rule=rule)
                if not is_working_day(day):
                    name = public_holiday_name(day) or "jour non ouvré"
                    other = replacement_day(day)
                    if other is None:
                        holidays.append(
                            f"{site} : le {format_date(day, weekday=True)} ({name}) est férié, "
                            "et toute la semaine aussi : pas de passage proposé."
                        )
                        continue
                    holidays.append(
                        f"{site} : le {format_date(day, weekday=True)} ({name}) est férié ; "
                        f"passage proposé le {format_date(other, weekday=True)}."
                    )
                    slot.date, slot.holiday, slot.holiday_date = other, name, day
                slots.append(slot)
    return slots


def make_plan(first: dt.date, last: dt.date, sites=None) -> Plan:
    plan = Plan(first, last)
    sites = _sites(sites)
    proposed = proposed_slots(sites, first, last, plan.holidays)
    existing = list(
        Passage.objects.filter(site__in=[s.pk for s in sites]).between(first, last).select_related("tour")
    )
    by_site = {site.pk: site for site in sites}
    for passage in existing:
        passage.site = by_site[passage.site_id]  # the site already loaded, with its commune
    saved = {(p.site_id, p.date, p.starts_at): p for p in existing}
    saved_by_day = defaultdict(list)
    for passage in existing:
        saved_by_day[passage.site_id, passage.date].append(passage)

    matched: set[int] = set()
    for slot in proposed:
        passage = saved.get(slot.key)
        if passage is not None:
            matched.add(passage.pk)
            if not passage.is_off:
                slot.passage = passage
                plan.kept.append(slot)
            continue
        # Same site and day, another time: a change of time to an announced passage, to confirm.
        same_day = [
            p
            for p in saved_by_day[slot.site.pk, slot.date]
            if p.pk not in matched and p.rule_id and p.status == PassageStatus.PLANNED
        ]
        if same_day:
            matched.add(same_day[0].pk)
            plan.changes.append(Change(same_day[0], slot))
            continue
        plan.new.append(slot)
    for passage in existing:
        if passage.pk in matched or passage.status != PassageStatus.PLANNED:
            continue
        site = by_site[passage.site_id]
        slot = Slot(site, passage.date, passage.starts_at, passage.ends_at, rule=None, passage=passage)
        if passage.rule_id is None:
            plan.kept.append(slot)  # added by hand: the rules do not own it
        else:
            plan.changes.append(Change(passage, None))
    plan.visits = visit_slots(
        HomeVisitRequest.objects.open()
        .filter(unit__in={site.tour.unit_id for site in sites if site.tour_id})
        .scheduled_between(first, last)
    )
    plan.conflicts = find_conflicts(plan, sites)
    return plan


def _calendar_after(plan: Plan) -> list[Slot]:
    """The passages of the period once the plan is applied."""
    moved = [change.new for change in plan.changes if change.new is not None]
    return sorted([*plan.kept, *plan.new, *moved], key=lambda s: (s.date, s.starts_at))


def find_conflicts(plan: Plan, sites: list[Site]) -> list[str]:
    slots = _calendar_after(plan)
    agents = AgentUnits([site.tour.unit for site in sites if site.tour_id])
    conflicts = presence_conflicts(slots, agents)
    # The home visits of the period that clash with a passage (two visits clashing are told when the
    # cell schedules them).
    known = {*conflicts, *presence_conflicts(plan.visits, agents)}
    conflicts += [c for c in presence_conflicts([*slots, *plan.visits], agents) if c not in known]

    # Two passages a month at each site, over the months the period covers in full.
    counts = defaultdict(int)
    for slot in slots:
        counts[slot.site.pk, slot.date.replace(day=1)] += 1
    month = plan.first if plan.first.day == 1 else add_months(plan.first, 1)
    while add_months(month, 1) - dt.timedelta(days=1) <= plan.last:
        for site in sites:
            if not site.rules.all():
                continue
            found = counts[site.pk, month]
            if found < PASSAGES_PER_MONTH:
                conflicts.append(
                    f"{site} : {plural(found, 'passage')} en {date_format(month, 'F Y')} "
                    f"(au moins {PASSAGES_PER_MONTH} attendus)."
                )
        month = add_months(month, 1)
    return conflicts


class AgentUnits:
    """Which units each agent rides with, for the agents of two units (units with agents prefetched)."""

    def __init__(self, units):
        self.units_of_agent, self.agents = defaultdict(set), {}
        for unit in units:
            for agent in unit.agents.all():
                self.units_of_agent[agent.pk].add(unit.pk)
                self.agents[agent.pk] = agent


def presence_conflicts(slots: list[Slot], agents: AgentUnits) -> list[str]:
    """A unit, or an agent of two units, expected in two places at once, and journeys too short
    between two places of a unit's day, in words."""
    slots = sorted(slots, key=lambda s: (s.date, s.starts_at))
    conflicts = []
    by_unit_day = defaultdict(list)
    for slot in slots:
        if slot.unit_id:
            by_unit_day[slot.unit_id, slot.date].append(slot)
    for (_unit, _day), day_slots in sorted(by_unit_day.items(), key=lambda item: item[0][1]):
        unit = day_slots[0].unit
        for i, one in enumerate(day_slots):
            for other in day_slots[i + 1 :]:
                if one.overlaps(other):
                    conflicts.append(
                        f"L'unité {unit} est attendue au même moment à {one.site} ({one.when()}) "
                        f"et à {other.site} ({other.time_range()})."
                    )
        conflicts.extend(_travel_conflicts(unit, day_slots))

    # An agent of two units: the two units' passages must not overlap.
    for agent_id, units in agents.units_of_agent.items():
        if len(units) < 2:
            continue
        theirs = [s for s in slots if s.unit_id in units]
        for i, one in enumerate(theirs):
            for other in theirs[i + 1 :]:
                if other.date != one.date:
                    break
                if one.unit_id != other.unit_id and one.overlaps(other):
                    conflicts.append(
                        f"{agents.agents[agent_id].get_full_name()} est attendu(e) au même moment à "
                        f"{one.site} ({one.when()}) avec {one.unit} "
                        f"et à {other.site} avec {other.unit}."
                    )
    return conflicts


# --- Home visits among the passages ----------------------------------------------------------------


def visit_slots(visits, when: dt.datetime | None = None, unit: Unit | None = None) -> list[Slot]:
    """Scheduled visits as slots of `VISIT_DURATION` at their commune's place; `when` and `unit` give
    the one visit of `visits` the time and unit it is about to get."""
    visits = list(visits.select_related("commune", "unit").prefetch_related("unit__agents"))
    places = commune_places({visit.commune_id for visit in visits})
    slots = []
    for visit in visits:
        start = timezone.localtime(when or visit.scheduled_at)
        if when is not None:
            visit.unit = unit
        end = min(start + VISIT_DURATION, start.replace(hour=23, minute=59))
        latitude, longitude = places.get(visit.commune_id, (None, None))
        place = Site(name=f"la visite à domicile n°\u00a0{visit.pk}", commune=visit.commune)
        place.latitude, place.longitude = latitude, longitude
        slots.append(Slot(place, start.date(), start.time(), end.time(), visit=visit))
    return slots


def visit_conflicts(visit: HomeVisitRequest, when: dt.datetime, unit: Unit | None) -> list[str]:
    """What scheduling `visit` at `when` with `unit` would clash with, in words: the unit's (and its
    agents' other units') passages and visits of that day. Empty when it clashes with nothing."""
    if unit is None:
        return []
    day = timezone.localdate(when)
    units = list(
        Unit.objects.filter(Q(pk=unit.pk) | Q(agents__in=unit.agents.all()))
        .distinct()
        .prefetch_related("agents")
    )
    passages = (
        Passage.objects.filter(date=day, tour__unit__in=units)
        .announced()
        .select_related("site", "site__commune", "tour__unit")
    )
    day_slots = [
        Slot(passage.site, passage.date, passage.starts_at, passage.ends_at, passage=passage)
        for passage in passages
    ]
    for slot in day_slots:  # the unit that makes the passage, even if the site moved to another tour
        slot.site.tour = slot.passage.tour
    others = visit_slots(
        HomeVisitRequest.objects.open()
        .scheduled_between(day, day)
        .filter(unit__in=units)
        .exclude(pk=visit.pk)
    )
    this = visit_slots(HomeVisitRequest.objects.filter(pk=visit.pk), when, unit)
    agents = AgentUnits(units)
    before = set(presence_conflicts([*day_slots, *others], agents))
    return [c for c in presence_conflicts([*day_slots, *others, *this], agents) if c not in before]


def _duration(minutes: int) -> str:
    return f"{minutes}\u00a0min" if minutes < 60 else format_duration(minutes)


def _travel_conflicts(unit, day_slots: list[Slot]) -> list[str]:
    found = []
    ordered = sorted(day_slots, key=lambda s: s.starts_at)
    for one, other in zip(ordered, ordered[1:], strict=False):
        # The same site (a visit's place is in memory: no pk), or already told as an overlap.
        if (one.site.pk is not None and one.site.pk == other.site.pk) or one.overlaps(other):
            continue
        distance = one.site.distance_km(other.site)
        if distance is None:
            continue
        needed = round(distance / AVERAGE_SPEED_KMH * 60)
        available = (
            dt.datetime.combine(one.date, other.starts_at) - dt.datetime.combine(one.date, one.ends_at)
        ).seconds // 60
        if needed > available:
            found.append(
                f"L'unité {unit}, le {format_date(one.date, weekday=True)} : entre {one.site} (fin à "
                f"{format_time(one.ends_at)}) et {other.site} (début à {format_time(other.starts_at)}), "
                f"{round(distance)}\u00a0km, soit environ {_duration(needed)} de route à "
                f"{AVERAGE_SPEED_KMH}\u00a0km/h ; il n'y a que {_duration(available)}."
            )
    return found


@transaction.atomic
def apply_plan(plan: Plan, *, confirm_changes: bool) -> dict[str, int]:
    """Write the plan; the changes to announced passages only when `confirm_changes`."""
    created = Passage.objects.bulk_create(
        [
            Passage(
                tour=slot.site.tour,
                site=slot.site,
                rule=slot.rule,
                date=slot.date,
                starts_at=slot.starts_at,
                ends_at=slot.ends_at,
            )
            for slot in plan.new
        ],
        # A passage saved meanwhile (a second click) is kept as it is: never a duplicate.
        ignore_conflicts=True,
    )
    fragments.changed("itinerance")  # bulk_create sends no signal
    changed = 0
    if confirm_changes:
        for change in plan.changes:
            passage = change.passage
            if change.new is None:
                passage.status, passage.public_reason = PassageStatus.CANCELLED, WITHDRAWN_REASON
            else:
                passage.starts_at, passage.ends_at = change.new.starts_at, change.new.ends_at
            passage.save()
            changed += 1
    return {"created": len(created), "changed": changed}

"""The extranet's yearly usage report (convention extranet, art. 2, 5°): the one place its figures are
built.

`build(year)` gives every figure of the report; the dashboard page, the PDF, the spreadsheet and
`manage.py usage_report YEAR` only print it, so they cannot disagree.

Where each figure comes from (docs/decisions.md, « Usage report: what is counted where »):

- logins, pages viewed, downloads and active people: the per-person daily counters
  (`extranet.models.DailyUsage`) and, once those are older than 13 months, the monthly aggregates
  they were folded into (`reporting.models.MonthlyUsage`, see `reporting/retention.py`);
- files and news: the catalogue's versions and the news (`fichiers`);
- topics, posts and answer delays: machina's topics and posts, our `forum.models.TopicAnswer`;
- registrations and attendance: the calendar's registrations, in the month of their event.

Each person counts in one group — their role, and the structure or partner they speak for
(`annuaire.affiliations.memberships`; the lowest id when there are several) — so the figures per
role, per structure and per partner never count anyone twice. The fold stores the same groups,
worked out the same way, which keeps a past year's report identical once its rows are folded.

"Distinct active people" over a year cannot be added up from monthly counts (someone active in
January and in March is one person). The fold therefore also stores, per month and group, how many
people were active for the *last* time of the year in that month (`last_active_people`): the year's
distinct people are the sum of those over the folded months, plus the people of the months still
held day by day (always the later months: the fold goes in date order and only folds complete years'
months, see `reporting/retention.py`).
"""

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.conf import settings
from django.db.models import Count, Sum
from django.db.models.functions import ExtractMonth
from django.utils import timezone
from machina.apps.forum_conversation.models import Post, Topic

from annuaire.affiliations import memberships
from annuaire.models import Partner, Structure
from calendrier.models import Registration
from extranet.enums import Role
from extranet.models import DailyUsage, User
from extranet.typography import format_number, plural
from fichiers.models import FileVersion, News
from forum.models import TopicAnswer
from reporting.usage_models import MonthlyUsage

MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


class Metric(NamedTuple):
    key: str
    label: str


# The columns of every table of the report, in this order.
METRICS = (
    Metric("logins", "Connexions"),
    Metric("active_people", "Personnes actives"),
    Metric("page_views", "Pages vues"),
    Metric("downloads", "Fichiers téléchargés"),
    Metric("uploads", "Fichiers déposés"),
    Metric("news", "Actualités publiées"),
    Metric("topics", "Sujets ouverts au forum"),
    Metric("posts", "Messages au forum"),
    Metric("registrations", "Inscriptions aux événements"),
    Metric("attendances", "Présences aux événements"),
)
# The counters kept per person and day, and folded into monthly aggregates.
DAILY_METRICS = ("logins", "page_views", "downloads")
# The forum's questions to partners: per month and per partner only (a delay belongs to a partner).
DELAY_METRICS = (
    Metric("questions", "Questions aux partenaires"),
    Metric("answered_in_time", "Réponses dans le délai"),
    Metric("median_delay", "Délai médian de réponse (heures ouvrées)"),
)


class Group(NamedTuple):
    """Where one person's use is counted: their role and the structure or partner they speak for."""

    role: str
    structure_id: int | None
    partner_id: int | None


def people_groups() -> dict[int, Group]:
    """Every account's group, today (two queries). The fold stores the same groups (module docstring)."""
    structures: dict[int, int] = {}
    partners: dict[int, int] = {}
    rows = memberships().order_by("structure_id", "partner_id")
    for user_id, structure_id, partner_id in rows.values_list("user_id", "structure_id", "partner_id"):
        if structure_id:
            structures.setdefault(user_id, structure_id)
        else:
            partners.setdefault(user_id, partner_id)
    return {
        user_id: Group(role, structures.get(user_id), partners.get(user_id))
        for user_id, role in User.objects.values_list("pk", "role")
    }


NO_GROUP = Group("", None, None)  # posts of deleted accounts


@dataclass
class Cell:
    """The figures of one month for one group."""

    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    # People still held day by day (ids), and the folded months' counts of people.
    people: set[int] = field(default_factory=set)
    folded_people: int = 0
    folded_last_active: int = 0


@dataclass(frozen=True)
class Row:
    label: str
    values: dict[str, int | float | None]

    def cells(self, metrics) -> list:
        return [self.values.get(metric.key) for metric in metrics]


@dataclass(frozen=True)
class Table:
    """One table of the report: a row per month, role, structure or partner, and a total row."""

    slug: str
    title: str
    label_header: str
    metrics: tuple[Metric, ...]
    rows: tuple[Row, ...]
    total: Row | None

    @property
    def headers(self) -> list[str]:
        return [self.label_header, *(metric.label for metric in self.metrics)]

    def display_lines(self) -> list[tuple[str, list[str]]]:
        """The rows as the page and the PDF print them (French number format, « — » for no value)."""
        from reporting.charts import display_value

        return [(line[0], [display_value(value) for value in line[1:]]) for line in self.lines()]

    def lines(self) -> list[list]:
        """The rows as plain lists (the label first), the total last: what the spreadsheet writes."""
        rows = [*self.rows, *([self.total] if self.total else [])]
        return [[row.label, *row.cells(self.metrics)] for row in rows]


@dataclass(frozen=True)
class UsageReport:
    year: int
    totals: dict[str, int | float | None]
    months: Table
    roles: Table
    structures: Table
    partners: Table
    generated_at: dt.datetime

    @property
    def tables(self) -> tuple[Table, ...]:
        return (self.months, self.roles, self.structures, self.partners)

    def summary(self) -> list[str]:
        """The report in a few sentences, for the steering committee."""
        t = self.totals
        sentences = [
            f"En {self.year}, {plural(t['active_people'], 'personne')} "
            f"{'a' if t['active_people'] < 2 else 'ont'} utilisé l'extranet : "
            f"{plural(t['logins'], 'connexion')}, {plural(t['page_views'], 'page vue,pages vues')} "
            f"et {plural(t['downloads'], 'fichier téléchargé')}.",
            f"{plural(t['uploads'], 'fichier déposé')} et "
            f"{plural(t['news'], 'actualité publiée')} ; au forum, "
            f"{plural(t['topics'], 'sujet ouvert')} et {plural(t['posts'], 'message')}.",
            f"{plural(t['registrations'], 'inscription')} aux événements du réseau, "
            f"{plural(t['attendances'], 'présence relevée,présences relevées')}.",
        ]
        busiest = max(self.months.rows, key=lambda row: row.values["page_views"])
        if busiest.values["page_views"]:
            sentences.append(
                f"Le mois le plus actif a été {busiest.label} "
                f"({plural(busiest.values['page_views'], 'page vue,pages vues')})."
            )
        if t["page_views"]:
            top_role = max(self.roles.rows, key=lambda row: row.values["page_views"])
            share = round(100 * top_role.values["page_views"] / t["page_views"])
            sentences.append(f"{top_role.label} : {share} % des pages vues.")
        if t["questions"]:
            limit = settings.FORUM_ANSWER_DELAY_HOURS
            sentence = (
                f"{plural(t['questions'], 'question posée,questions posées')} aux partenaires, "
                f"dont {format_number(t['answered_in_time'])} avec une réponse "
                f"en {limit} heures ouvrées au plus"
            )
            if t["median_delay"] is not None:
                sentence += f" ; délai médian de réponse : {_hours(t['median_delay'])}"
            sentences.append(sentence + ".")
        return sentences


def _hours(value: float) -> str:
    return f"{value:.1f}".replace(".", ",") + "\u00a0h"


def _add_daily(cells, groups: dict[int, Group], year: int) -> None:
    """The per-person counters still held day by day, and the folded monthly aggregates."""
    # Imported here: the app's models module imports this one's Group through retention.

    daily = (
        DailyUsage.objects.in_year(year)
        .annotate(month=ExtractMonth("day"))
        .values("user_id", "month")
        .annotate(**{metric: Sum(metric) for metric in DAILY_METRICS})
        .order_by()
    )
    for row in daily:
        cell = cells[row["month"], groups.get(row["user_id"], NO_GROUP)]
        cell.people.add(row["user_id"])
        for metric in DAILY_METRICS:
            cell.counts[metric] += row[metric]
    for folded in MonthlyUsage.objects.in_year(year):
        cell = cells[folded.month.month, Group(folded.role, folded.structure_id, folded.partner_id)]
        cell.folded_people += folded.active_people
        cell.folded_last_active += folded.last_active_people
        for metric in DAILY_METRICS:
            cell.counts[metric] += getattr(folded, metric)


def _add_counts(cells, groups: dict[int, Group], metric: str, rows) -> None:
    """`rows`: (user id, month, count), from one grouped query."""
    for user_id, month, count in rows:
        cells[month, groups.get(user_id, NO_GROUP)].counts[metric] += count


def _per_person_month(queryset, user_field: str, date_field: str):
    return (
        queryset.annotate(month=ExtractMonth(date_field))
        .values_list(user_field, "month")
        .annotate(count=Count("pk"))
        .order_by()
    )


def _delays(answers) -> dict[str, int | float | None]:
    limit = settings.FORUM_ANSWER_DELAY_HOURS
    delays = [delay for delay in answers if delay is not None]
    return {
        "questions": len(answers),
        "answered_in_time": sum(delay <= limit for delay in delays),
        "median_delay": round(statistics.median(delays), 1) if delays else None,
    }


def _sum(cells: list[Cell]) -> dict[str, int]:
    values = {metric.key: 0 for metric in METRICS}
    for cell in cells:
        for key, count in cell.counts.items():
            values[key] += count
    return values


def _year_people(cells: list[Cell]) -> int:
    """Distinct people over the year among `cells` (the module docstring says why this adds up)."""
    live: set[int] = set()
    for cell in cells:
        live |= cell.people
    return len(live) + sum(cell.folded_last_active for cell in cells)


def _year_row(label: str, cells: list[Cell], **extra) -> Row:
    values = _sum(cells)
    values["active_people"] = _year_people(cells)
    return Row(label, {**values, **extra})


def build(year: int) -> UsageReport:
    """Every figure of `year`'s usage report, in a fixed number of queries."""
    groups = people_groups()
    cells: dict[tuple[int, Group], Cell] = defaultdict(Cell)
    _add_daily(cells, groups, year)
    _add_counts(
        cells,
        groups,
        "uploads",
        _per_person_month(FileVersion.objects.uploaded_in_year(year), "uploaded_by_id", "uploaded_at"),
    )
    _add_counts(
        cells,
        groups,
        "news",
        _per_person_month(News.objects.published_in_year(year), "author_id", "published_at"),
    )
    topics = Topic.objects.filter(approved=True, created__year=year)
    _add_counts(cells, groups, "topics", _per_person_month(topics, "poster_id", "created"))
    posts = Post.objects.filter(approved=True, created__year=year)
    _add_counts(cells, groups, "posts", _per_person_month(posts, "poster_id", "created"))
    registrations = Registration.objects.confirmed().filter(
        event__start_date__year=year, event__is_cancelled=False
    )
    _add_counts(
        cells, groups, "registrations", _per_person_month(registrations, "user_id", "event__start_date")
    )
    _add_counts(
        cells,
        groups,
        "attendances",
        _per_person_month(registrations.filter(attended=True), "user_id", "event__start_date"),
    )
    answers = list(
        TopicAnswer.objects.filter(asked_at__year=year, topic__approved=True)
        .annotate(month=ExtractMonth("asked_at"))
        .values_list("month", "partner_id", "delay_hours")
    )

    by_month: dict[int, list[Cell]] = defaultdict(list)
    by_role: dict[str, list[Cell]] = defaultdict(list)
    by_structure: dict[int, list[Cell]] = defaultdict(list)
    by_partner: dict[int, list[Cell]] = defaultdict(list)
    for (month, group), cell in cells.items():
        by_month[month].append(cell)
        by_role[group.role].append(cell)
        if group.structure_id:
            by_structure[group.structure_id].append(cell)
        if group.partner_id:
            by_partner[group.partner_id].append(cell)
    delays_by_month: dict[int, list] = defaultdict(list)
    delays_by_partner: dict[int, list] = defaultdict(list)
    for month, partner_id, delay in answers:
        delays_by_month[month].append(delay)
        delays_by_partner[partner_id].append(delay)

    month_rows = []
    for number, name in enumerate(MONTHS, start=1):
        values = _sum(by_month[number])
        values["active_people"] = sum(len(c.people) + c.folded_people for c in by_month[number])
        values.update(_delays(delays_by_month[number]))
        month_rows.append(Row(name, values))
    everything = [cell for month_cells in by_month.values() for cell in month_cells]
    total = _year_row("Total", everything, **_delays([delay for _, _, delay in answers]))

    role_rows = [_year_row(label, by_role[value]) for value, label in Role.choices]
    if by_role[NO_GROUP.role]:
        role_rows.append(_year_row("Comptes supprimés", by_role[NO_GROUP.role]))
    structure_rows = [
        _year_row(structure.name, by_structure[structure.pk])
        for structure in Structure.objects.order_by("name").only("name")
    ]
    partner_rows = [
        _year_row(partner.name, by_partner[partner.pk], **_delays(delays_by_partner[partner.pk]))
        for partner in Partner.objects.order_by("name").only("name")
    ]
    base = tuple(METRICS)
    return UsageReport(
        year=year,
        totals=total.values,
        months=Table("mois", "Par mois", "Mois", base + DELAY_METRICS, tuple(month_rows), total),
        roles=Table("roles", "Par rôle", "Rôle", base, tuple(role_rows), total),
        structures=Table("structures", "Par structure", "Structure", base, tuple(structure_rows), None),
        partners=Table(
            "partenaires", "Par partenaire", "Partenaire", base + DELAY_METRICS, tuple(partner_rows), None
        ),
        generated_at=timezone.now(),
    )


def charts(report: UsageReport) -> list:
    """The report's charts (the same for the page and the PDF), each with its summary and table."""
    from reporting.charts import bar_chart, line_chart

    months = report.months.rows
    labels = [row.label for row in months]

    def series(rows, *keys):
        return {
            metric.label: [row.values[metric.key] for row in rows]
            for metric in METRICS + DELAY_METRICS
            if metric.key in keys
        }

    busiest = max(months, key=lambda row: row.values["page_views"])
    roles = [row for row in report.roles.rows if row.values["page_views"] or row.values["logins"]]
    top_role = max(report.roles.rows, key=lambda row: row.values["page_views"])
    active_structures = sorted(
        (row for row in report.structures.rows if row.values["page_views"]),
        key=lambda row: -row.values["page_views"],
    )
    y = report.year
    return [
        line_chart(
            "usage-pages-mois",
            f"Pages vues et connexions par mois en {y}",
            f"{plural(report.totals['page_views'], 'page vue,pages vues')} en {y} ; "
            f"le mois le plus actif est {busiest.label}.",
            label_header="Mois",
            labels=labels,
            series=series(months, "page_views", "logins"),
        ),
        bar_chart(
            "usage-personnes-mois",
            f"Personnes actives par mois en {y}",
            f"{plural(report.totals['active_people'], 'personne différente,personnes différentes')} "
            f"sur l'année.",
            label_header="Mois",
            labels=labels,
            series=series(months, "active_people"),
        ),
        bar_chart(
            "usage-echanges-mois",
            f"Fichiers, actualités et forum par mois en {y}",
            f"{plural(report.totals['uploads'], 'fichier déposé')}, "
            f"{plural(report.totals['downloads'], 'téléchargement')}, "
            f"{plural(report.totals['news'], 'actualité')} et "
            f"{plural(report.totals['posts'], 'message')} au forum.",
            label_header="Mois",
            labels=labels,
            series=series(months, "uploads", "downloads", "news", "posts"),
        ),
        bar_chart(
            "usage-roles",
            f"Pages vues par rôle en {y}",
            f"{top_role.label} : le rôle qui consulte le plus l'extranet."
            if report.totals["page_views"]
            else "Aucune page vue.",
            label_header="Rôle",
            labels=[row.label for row in roles],
            series=series(roles, "page_views", "logins"),
            horizontal=True,
        ),
        bar_chart(
            "usage-structures",
            f"Pages vues par structure en {y}",
            f"{plural(len(active_structures), 'structure')} dont les conseillers ont consulté l'extranet"
            + (f" ; la plus active : {active_structures[0].label}." if active_structures else "."),
            label_header="Structure",
            labels=[row.label for row in active_structures],
            series=series(active_structures, "page_views"),
            horizontal=True,
        ),
    ]

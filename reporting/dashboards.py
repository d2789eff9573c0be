"""The network's dashboards: the figures of the submitted quarterly reports and of the other apps, for
a quarter or a year, as charts with their tables.

Every figure goes through the reader's `Scope` (reporting/permissions.py): a counsellor's dashboard
counts their structures only, a referent's their partner's lines only. Only submitted reports count:
a draft may still change. Each section costs a fixed number of queries whatever the number of
structures, partners or quarters (aggregates in the database, a few hundred rows at most in Python).
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Q, Sum

from annuaire import affiliations
from annuaire.enums import CharterOutcome, StructureKind
from annuaire.models import CharterSnapshot, Partner, Structure, Training
from calendrier.models import Registration
from extranet.typography import format_number, plural
from fichiers.enums import DocumentCategory
from fichiers.models import Document
from forum.models import TopicAnswer
from reporting.charts import Chart, bar_chart, line_chart
from reporting.models import FIGURES, PartnerLine, QuarterlyReport, ReasonLine
from reporting.permissions import Scope
from reporting.quarters import Quarter

FIGURE_HEADERS = {
    "people_received": "Personnes reçues",
    "requests_handled": "Demandes traitées",
    "level_two_requests": "Niveau 2",
    "mds_orientations": "Orientations MDS",
    "individual_sessions": "Accompagnements numériques individuels",
    "collective_sessions": "Ateliers numériques collectifs",
}
PASSAGES_HEADER = "Passages tenus (unités itinérantes)"
TREND_QUARTERS = 8
TREND_YEARS = 5
# The files the convention asks each structure to keep in the catalogue.
MINIMUM_FILES = (DocumentCategory.LEAFLET, DocumentCategory.ATTENDANCE, DocumentCategory.ANNUAL_REPORT)


@dataclass(frozen=True)
class Period:
    """A quarter (`quarter` set) or a whole year."""

    year: int
    quarter: int | None = None

    def __str__(self) -> str:
        return f"T{self.quarter} {self.year}" if self.quarter else str(self.year)

    @property
    def first(self) -> Quarter:
        return Quarter(self.year, self.quarter or 1)

    @property
    def last(self) -> Quarter:
        return Quarter(self.year, self.quarter or 4)

    @property
    def first_day(self) -> dt.date:
        return self.first.first_day

    @property
    def last_day(self) -> dt.date:
        return self.last.last_day

    def trend(self) -> list["Period"]:
        """The periods a trend shows, ending with this one: 8 quarters, or 5 years."""
        if self.quarter is None:
            return [Period(self.year - offset) for offset in reversed(range(TREND_YEARS))]
        quarters = [self.first]
        while len(quarters) < TREND_QUARTERS:
            quarters.insert(0, quarters[0].previous())
        return [Period(q.year, q.number) for q in quarters]

    def label_of(self, year: int, quarter: int) -> str:
        return f"T{quarter} {year}" if self.quarter else str(year)


@dataclass
class Filters:
    period: Period
    structure: Structure | None = None
    partner: Partner | None = None


@dataclass
class Dashboard:
    filters: Filters
    scope: Scope
    sections: list[tuple[str, list[Chart]]] = field(default_factory=list)
    report_count: int = 0
    structure_count: int = 0

    def charts(self) -> dict[str, Chart]:
        return {chart.slug: chart for _title, charts in self.sections for chart in charts}


def _reports(scope: Scope, filters: Filters, first: Quarter, last: Quarter):
    reports = QuarterlyReport.objects.submitted().between(first, last)
    reports = scope.filter_structures(reports, "structure_id")
    if filters.structure:
        reports = reports.filter(structure=filters.structure)
    return reports


def _structures(scope: Scope, filters: Filters):
    structures = scope.filter_structures(Structure.objects.all())
    if filters.structure:
        structures = structures.filter(pk=filters.structure.pk)
    return structures


def _partner_lines(model, scope: Scope, filters: Filters, reports, partner_field: str):
    lines = model.objects.filter(report__in=reports.values("pk"))
    lines = scope.filter_partners(lines, partner_field)
    if filters.partner:
        lines = lines.filter(**{partner_field: filters.partner.pk})
    return lines


def _most(rows, index: int) -> tuple | None:
    rows = [row for row in rows if row[index]]
    return max(rows, key=lambda row: row[index]) if rows else None


def build(scope: Scope, filters: Filters) -> Dashboard:
    dashboard = Dashboard(filters=filters, scope=scope)
    period = filters.period
    reports = _reports(scope, filters, period.first, period.last)
    if scope.whole_reports:
        dashboard.sections.append(("Activité des structures", _structure_charts(dashboard, reports)))
    dashboard.sections.append(
        ("Demandes par partenaire et par motif", _partner_charts(scope, filters, reports))
    )
    if scope.whole_reports:
        dashboard.sections.append(("Charte, formations et fichiers", _network_charts(scope, filters)))
    if scope.network or not scope.whole_reports:
        dashboard.sections.append(("Délais de réponse du forum", [_answer_delays(scope, filters)]))
    return dashboard


# --- Structures ----------------------------------------------------------------------------------


def _structure_charts(dashboard: Dashboard, reports) -> list[Chart]:
    filters = dashboard.filters
    period = filters.period
    sums = {name: Sum(name) for name in FIGURES}
    per_structure = list(
        reports.values("structure_id", "structure__name", "structure__kind")
        .annotate(reports=Count("pk"), passages=Sum("itinerant_passages"), **sums)
        .order_by("structure__name")
    )
    dashboard.report_count = sum(row["reports"] for row in per_structure)
    dashboard.structure_count = len(per_structure)
    # The passages an itinerant unit's reports recorded (« — » for a fixed structure, or while nobody
    # counted them); its other figures are already in the report's own, prefilled from the passages.
    rows = [
        [row["structure__name"], *(row[name] or 0 for name in FIGURES), row["passages"]]
        for row in per_structure
    ]
    busiest = _most(rows, 2)
    summary = f"{plural(dashboard.report_count, 'rapport transmis,rapports transmis')} pour {period} ; " + (
        f"{busiest[0]} a traité le plus de demandes ({format_number(busiest[2])})."
        if busiest
        else "aucune demande n'est déclarée."
    )
    by_structure = bar_chart(
        "structures",
        f"Personnes reçues et demandes traitées par structure, {period}",
        summary,
        label_header="Structure",
        labels=[row[0] for row in rows],
        series={
            FIGURE_HEADERS["people_received"]: [row[1] for row in rows],
            FIGURE_HEADERS["requests_handled"]: [row[2] for row in rows],
        },
        horizontal=True,
    )
    # The chart shows two figures; the table and its downloads carry all of them.
    by_structure = _with_table(by_structure, ("Structure", *FIGURE_HEADERS.values(), PASSAGES_HEADER), rows)

    trend_periods = period.trend()
    trend_reports = _reports(dashboard.scope, filters, trend_periods[0].first, trend_periods[-1].last)
    group = ("year", "quarter") if period.quarter else ("year",)
    totals = {
        tuple(row[key] for key in group): row
        for row in trend_reports.values(*group).annotate(
            people=Sum("people_received"), requests=Sum("requests_handled")
        )
    }
    labels, people, requests = [], [], []
    for trend_period in trend_periods:
        key = (trend_period.year, trend_period.quarter) if period.quarter else (trend_period.year,)
        row = totals.get(key, {})
        labels.append(str(trend_period))
        people.append(row.get("people") or 0)
        requests.append(row.get("requests") or 0)
    change = ""
    if len(requests) >= 2 and requests[-2]:
        ratio = (requests[-1] - requests[-2]) / requests[-2] * 100
        change = (
            f" ({'+' if ratio >= 0 else '−'}{format_number(round(abs(ratio)))} % par rapport à {labels[-2]})"
        )
    trend = line_chart(
        "tendance",
        f"Évolution des personnes reçues et des demandes traitées, {labels[0]} à {labels[-1]}",
        f"{format_number(requests[-1])} demandes traitées en {labels[-1]}{change}.",
        label_header="Période",
        labels=labels,
        series={FIGURE_HEADERS["people_received"]: people, FIGURE_HEADERS["requests_handled"]: requests},
    )

    by_kind: dict[str, list[int]] = {kind: [0, 0, 0] for kind in StructureKind.values}
    passages = 0
    for row in per_structure:
        totals_of_kind = by_kind[row["structure__kind"]]
        totals_of_kind[0] += 1
        totals_of_kind[1] += row["people_received"] or 0
        totals_of_kind[2] += row["requests_handled"] or 0
        passages += row["passages"] or 0
    kinds = [
        (StructureKind(kind).label, *values, passages if kind == StructureKind.ITINERANT else None)
        for kind, values in by_kind.items()
    ]
    fixed, itinerant = by_kind[StructureKind.FIXED], by_kind[StructureKind.ITINERANT]
    kind_chart = bar_chart(
        "types",
        f"Unités itinérantes et structures fixes, {period}",
        f"Les unités itinérantes ont reçu {format_number(itinerant[1])} personnes"
        + (f" en {plural(passages, 'passage')}" if passages else "")
        + f", les structures fixes {format_number(fixed[1])}.",
        label_header="Type de structure",
        labels=[row[0] for row in kinds],
        series={
            FIGURE_HEADERS["people_received"]: [row[2] for row in kinds],
            FIGURE_HEADERS["requests_handled"]: [row[3] for row in kinds],
        },
    )
    kind_chart = _with_table(
        kind_chart,
        (
            "Type de structure",
            "Rapports transmis",
            FIGURE_HEADERS["people_received"],
            FIGURE_HEADERS["requests_handled"],
            PASSAGES_HEADER,
        ),
        kinds,
    )
    return [by_structure, trend, kind_chart]


def _with_table(chart: Chart, headers, rows) -> Chart:
    """`chart` with a fuller table than its drawing (every figure, not only those drawn)."""
    return Chart(
        slug=chart.slug,
        title=chart.title,
        summary=chart.summary,
        headers=tuple(headers),
        rows=tuple(tuple(row) for row in rows),
        svg=chart.svg,
    )


# --- Partners and contact reasons ----------------------------------------------------------------


def _partner_charts(scope: Scope, filters: Filters, reports) -> list[Chart]:
    period = filters.period
    lines = _partner_lines(PartnerLine, scope, filters, reports, "partner_id")
    per_partner = list(
        lines.values("partner__name", "partner__acronym", "partner__is_national")
        .annotate(requests=Sum("requests"), questions=Sum("forum_questions"))
        .order_by("-partner__is_national", "partner__name")
    )
    rows = [
        [
            row["partner__acronym"] or row["partner__name"],
            "national" if row["partner__is_national"] else "local",
            row["requests"] or 0,
            row["questions"] or 0,
        ]
        for row in per_partner
    ]
    most = _most(rows, 2)
    partners = bar_chart(
        "partenaires",
        f"Demandes par partenaire, {period}",
        f"{most[0]} concentre le plus de demandes ({format_number(most[2])}) sur "
        f"{format_number(sum(row[2] for row in rows))}."
        if most
        else "Aucune demande par partenaire n'est déclarée pour ces critères.",
        label_header="Partenaire",
        labels=[row[0] for row in rows],
        series={
            "Demandes": [row[2] for row in rows],
            "Questions posées sur le forum": [row[3] for row in rows],
        },
        horizontal=True,
    )
    partners = _with_table(
        partners, ("Partenaire", "Type", "Demandes", "Questions posées sur le forum"), rows
    )

    reason_lines = _partner_lines(ReasonLine, scope, filters, reports, "reason__partner_id")
    per_reason = list(
        reason_lines.values("reason__partner__acronym", "reason__partner__name", "reason__label")
        .annotate(requests=Sum("requests"))
        .order_by("reason__partner__name", "reason__label")
    )
    reason_rows = [
        [
            f"{row['reason__partner__acronym'] or row['reason__partner__name']} — {row['reason__label']}",
            row["requests"] or 0,
        ]
        for row in per_reason
    ]
    most = _most(reason_rows, 1)
    reasons = bar_chart(
        "motifs",
        f"Demandes par motif de contact, {period}",
        f"Le motif le plus fréquent est « {most[0]} » ({format_number(most[1])} demandes)."
        if most
        else "Aucune demande par motif n'est déclarée pour ces critères.",
        label_header="Partenaire et motif",
        labels=[row[0] for row in reason_rows],
        series={"Demandes": [row[1] for row in reason_rows]},
        horizontal=True,
    )
    return [partners, reasons]


# --- Charter, trainings, files -------------------------------------------------------------------


def _network_charts(scope: Scope, filters: Filters) -> list[Chart]:
    return [_charter_history(scope, filters), _trainings(scope, filters), _missing_files(scope, filters)]


def _charter_history(scope: Scope, filters: Filters) -> Chart:
    trend = filters.period.trend()
    first, last = trend[0].first, trend[-1].last
    snapshots = (
        CharterSnapshot.objects.filter(structure__in=_structures(scope, filters).values("pk"))
        .filter(Q(year__gt=first.year) | Q(year=first.year, quarter__gte=first.number))
        .filter(Q(year__lt=last.year) | Q(year=last.year, quarter__lte=last.number))
        .values_list("structure_id", "year", "quarter", "results")
    )
    # Per quarter, every snapshot; per year, each structure's latest snapshot of the year.
    kept: dict[tuple, tuple[int, dict]] = {}
    for structure_id, year, quarter, results in snapshots:
        key = (structure_id, year, quarter if filters.period.quarter else None)
        if key not in kept or kept[key][0] < quarter:
            kept[key] = (quarter, results)
    counts: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for (_structure_id, year, quarter), (_latest, results) in kept.items():
        outcomes = {result.get("outcome") for result in results.values()}
        row = counts[(year, quarter)]
        row[0] += 1
        if CharterOutcome.NOT_MET in outcomes:
            row[2] += 1
        elif CharterOutcome.MISSING in outcomes:
            row[3] += 1
        else:
            row[1] += 1
    rows = []
    for period in trend:
        checked, met, not_met, missing = counts.get((period.year, period.quarter), [0, 0, 0, 0])
        rows.append([str(period), checked, met, not_met, missing])
    latest = rows[-1]
    return bar_chart(
        "charte",
        f"Respect de la charte, {rows[0][0]} à {rows[-1][0]}",
        f"Au relevé de {latest[0]}, {plural(latest[3], 'structure')} ne respectai"
        f"{'en' if latest[3] > 1 else ''}t pas au moins un critère, sur {format_number(latest[1])} relevées."
        if latest[1]
        else f"Aucun relevé de la charte pour {latest[0]}.",
        label_header="Relevé" if filters.period.quarter else "Année (dernier relevé de chaque structure)",
        labels=[row[0] for row in rows],
        series={
            "Structures relevées": [row[1] for row in rows],
            "Tous critères respectés": [row[2] for row in rows],
            "Au moins un critère non respecté": [row[3] for row in rows],
            "Informations à compléter": [row[4] for row in rows],
        },
    )


def _trainings(scope: Scope, filters: Filters) -> Chart:
    period = filters.period
    structures = list(_structures(scope, filters).order_by("name").values_list("pk", "name"))
    people = affiliations.memberships().filter(structure__in=[pk for pk, _ in structures])
    attended = dict(
        people.filter(
            user__event_registrations__in=Registration.objects.trainings_attended().filter(
                event__start_date__range=(period.first_day, period.last_day)
            )
        )
        .values("structure_id")
        .annotate(n=Count("user__event_registrations", distinct=True))
        .values_list("structure_id", "n")
    )
    recorded = dict(
        people.filter(
            user__trainings__in=Training.objects.filter(
                source_key="", trained_on__range=(period.first_day, period.last_day)
            )
        )
        .values("structure_id")
        .annotate(n=Count("user__trainings", distinct=True))
        .values_list("structure_id", "n")
    )
    rows = [[name, attended.get(pk, 0), recorded.get(pk, 0)] for pk, name in structures]
    without = sum(1 for row in rows if not (row[1] or row[2]))
    return bar_chart(
        "formations",
        f"Formations suivies par structure, {period}",
        f"{plural(sum(row[1] + row[2] for row in rows), 'formation suivie,formations suivies')} ; "
        f"{plural(without, 'structure')} sans formation sur la période.",
        label_header="Structure",
        labels=[row[0] for row in rows],
        series={
            "Présences à une formation (calendrier)": [row[1] for row in rows],
            "Formations initiales saisies par la CCI": [row[2] for row in rows],
        },
        horizontal=True,
        stacked=True,
    )


def _missing_files(scope: Scope, filters: Filters) -> Chart:
    year = filters.period.year
    structures = list(_structures(scope, filters).open_to_public().order_by("name").values_list("pk", "name"))
    # A leaflet of any year; the attendance figures and the annual report of this year or the last.
    found = set(
        Document.objects.current()
        .filter(structure__in=[pk for pk, _ in structures])
        .filter(
            Q(category=DocumentCategory.LEAFLET)
            | Q(
                category__in=[DocumentCategory.ATTENDANCE, DocumentCategory.ANNUAL_REPORT], year__gte=year - 1
            )
        )
        .values_list("structure_id", "category")
        .distinct()
    )
    rows = []
    for pk, name in structures:
        missing = [category for category in MINIMUM_FILES if (pk, category) not in found]
        if missing:
            rows.append(
                [name, *("manquant" if category in missing else "présent" for category in MINIMUM_FILES)]
            )
    counts = [sum(1 for row in rows if row[index + 1] == "manquant") for index in range(len(MINIMUM_FILES))]
    chart = bar_chart(
        "fichiers",
        f"Structures sans les fichiers attendus au catalogue, {year}",
        f"{plural(len(rows), 'structure')} sur {format_number(len(structures))} n'"
        f"{'ont' if len(rows) > 1 else 'a'} pas tous les fichiers que la convention demande."
        if rows
        else "Toutes les structures ont les fichiers que la convention demande.",
        label_header="Fichier attendu",
        labels=[DocumentCategory(category).label for category in MINIMUM_FILES],
        series={"Structures où il manque": counts},
    )
    return _with_table(
        chart, ("Structure", *(DocumentCategory(category).label for category in MINIMUM_FILES)), rows
    )


# --- Forum ---------------------------------------------------------------------------------------


def _answer_delays(scope: Scope, filters: Filters) -> Chart:
    """The forum's own quarterly figures (TopicAnswer.quarter_report), per partner."""
    period = filters.period
    quarters = (
        [Quarter(period.year, period.quarter)]
        if period.quarter
        else [Quarter(period.year, q) for q in (1, 2, 3, 4)]
    )
    limit = settings.FORUM_ANSWER_DELAY_HOURS
    medians: dict[str, list[float | None]] = {}
    topics: dict[str, int] = defaultdict(int)
    for index, quarter in enumerate(quarters):
        for row in TopicAnswer.objects.quarter_report(quarter.year, quarter.number):
            if scope.partner_ids is not None and row.partner.pk not in scope.partner_ids:
                continue
            if filters.partner and row.partner.pk != filters.partner.pk:
                continue
            name = str(row.partner)
            medians.setdefault(name, [None] * len(quarters))[index] = (
                round(row.median_delay_hours, 1) if row.median_delay_hours is not None else None
            )
            topics[name] += row.topics
    names = sorted(medians)
    over = [name for name in names if any(value is not None and value > limit for value in medians[name])]
    summary = (
        f"{plural(len(over), 'partenaire')} au-delà de {limit} heures ouvrées de délai médian : "
        + ", ".join(over)
        + "."
        if over
        else f"Aucun partenaire au-delà de {limit} heures ouvrées de délai médian."
    )
    chart = bar_chart(
        "delais",
        f"Délai médian de première réponse sur le forum (heures ouvrées), {period}",
        summary,
        label_header="Partenaire",
        labels=names,
        series={
            str(quarter): [medians[name][index] for name in names] for index, quarter in enumerate(quarters)
        },
        horizontal=True,
    )
    rows = [[name, topics[name], *medians[name]] for name in names]
    return _with_table(
        chart, ("Partenaire", "Questions posées", *(f"Délai médian {q} (h)" for q in quarters)), rows
    )

"""The reporting pages. Views stay thin: rights in permissions.py, rules in the models."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from annuaire.models import Structure
from extranet.spreadsheets.writing import CONTENT_TYPES
from reporting import dashboards, permissions, prefill
from reporting.forms import DashboardForm, QuarterForm, ReopenForm, ReportForm
from reporting.models import FIGURES, QuarterlyReport
from reporting.permissions import scope_for
from reporting.quarters import Quarter


@dataclass(frozen=True)
class Section:
    label: str
    url: str
    description: str


def _sections(user) -> list[Section]:
    """The reporting pages `user` may open, for the index page."""
    scope = scope_for(user)
    sections = []
    if scope.whole_reports:
        sections.append(
            Section(
                "Rapports trimestriels d'activité",
                reverse("reporting:report_list"),
                "Chaque trimestre, les personnes reçues, les demandes par partenaire et par motif, "
                "l'accompagnement numérique.",
            )
        )
    sections.append(
        Section(
            "Tableau de bord du réseau",
            reverse("reporting:dashboard"),
            "Par trimestre ou par année : totaux et tendances par structure, par partenaire et par motif, "
            "charte, délais de réponse du forum, formations, fichiers attendus."
            if scope.whole_reports
            else "Les demandes adressées à votre partenaire, par structure et par motif, et ses délais de "
            "réponse sur le forum.",
        )
    )
    if permissions.reads_network(user):
        sections.append(
            Section(
                "Bilan d'usage de l'extranet",
                reverse("reporting:usage_report"),
                "Connexions, pages vues, fichiers, forum et événements de l'année, en PDF et en tableur.",
            )
        )
    sections.append(
        Section(
            "Questionnaires",
            reverse("reporting:questionnaires"),
            "L'évaluation annuelle de l'extranet par ses membres (réponses anonymes)"
            + (" et ses résultats." if permissions.reads_network(user) else "."),
        )
    )
    return sections


def _scope_or_403(user):
    scope = scope_for(user)
    if scope is None:
        raise PermissionDenied
    return scope


def index(request):
    _scope_or_403(request.user)
    return render(request, "reporting/index.html", {"sections": _sections(request.user)})


# --- Quarterly reports ----------------------------------------------------------------------------


def report_list(request):
    """Every structure in the reader's scope with the state of its report for the chosen quarter."""
    scope = _scope_or_403(request.user)
    if not scope.whole_reports:
        raise PermissionDenied
    form = QuarterForm(request.GET or None)
    quarter = form.quarter(default=Quarter.current().previous())
    structures = scope.filter_structures(Structure.objects.order_by("name")).only("name", "slug", "kind")
    reports = {
        report.structure_id: report
        for report in QuarterlyReport.objects.for_quarter(quarter).only(
            "structure_id", "status", "submitted_at", "year", "quarter"
        )
    }
    rows = [(structure, reports.get(structure.pk)) for structure in structures]
    return render(
        request,
        "reporting/report_list.html",
        {"form": form, "quarter": quarter, "rows": rows, "current": Quarter.current()},
    )


def get_report_for_user(request, slug: str, year: int, quarter: int) -> QuarterlyReport:
    """The structure's report for the quarter (unsaved if nobody started it); 404 for a structure the
    person may not read or a quarter not begun yet."""
    structure = get_object_or_404(Structure, slug=slug)
    scope = scope_for(request.user)
    if scope is None or not scope.reads_structure(structure.pk):
        raise Http404("Rapport introuvable.")
    try:
        period = Quarter(year, quarter)
    except ValueError as exc:
        raise Http404("Trimestre inconnu.") from exc
    if period > Quarter.current() or year < 2000:
        raise Http404("Ce trimestre n'a pas commencé.")
    report = (
        QuarterlyReport.objects.filter(structure=structure, year=year, quarter=quarter)
        .select_related("submitted_by")
        .first()
    )
    return report or QuarterlyReport(structure=structure, year=year, quarter=quarter)


def report_detail(request, slug, year, quarter):
    report = get_report_for_user(request, slug, year, quarter)
    can_fill = permissions.fills_reports_for(request.user, report.structure_id)
    editable = can_fill and report.is_editable
    if request.method == "POST" and not editable:
        raise PermissionDenied("Ce rapport est transmis\u00a0: seule la CCI peut le rouvrir.")
    previous = report.previous_report()
    known = prefill.known_figures(report.structure, report.period)
    checks = None
    form = (
        ReportForm(request.POST or None, instance=report, previous=previous, known=known)
        if editable
        else None
    )
    if form is not None and form.is_bound and form.is_valid():
        # The draft is kept whatever happens next, so nothing typed is lost to a failed check.
        with transaction.atomic():
            report = form.save()
            prefill.refresh_known_figures(report, known)
        if request.POST.get("action") != "submit":
            messages.success(request, "Brouillon enregistré. Vous pourrez le compléter plus tard.")
            return redirect(report_url(report))
        checks = report.check_figures(previous)
        if not checks.errors and (not checks.warnings or form.cleaned_data["confirm"]):
            report.submit(request.user)
            messages.success(request, f"Le rapport du {report.period} est transmis. Merci\u202f!")
            return redirect(report_url(report))
    lines = _lines_for_display(report) if not editable else None
    return render(
        request,
        "reporting/report_detail.html",
        {
            "report": report,
            "structure": report.structure,
            "form": form,
            "checks": checks,
            "previous": previous,
            "known": known,
            "lines": lines,
            "figure_names": FIGURES,
            "figures": [
                (report.figure_label(name), getattr(report, name), getattr(previous, name, None))
                for name in FIGURES
            ],
            "reopen_form": ReopenForm()
            if permissions.runs_reports(request.user) and report.is_submitted
            else None,
        },
    )


def _lines_for_display(report: QuarterlyReport) -> list[dict]:
    if report.pk is None:
        return []
    reasons: dict[int, list] = {}
    for line in report.reason_lines.select_related("reason").order_by("reason__order", "reason__label"):
        reasons.setdefault(line.reason.partner_id, []).append(line)
    return [
        {"line": line, "reasons": reasons.get(line.partner_id, [])}
        for line in report.partner_lines.select_related("partner").order_by(
            "-partner__is_national", "partner__name"
        )
    ]


def report_url(report: QuarterlyReport) -> str:
    return reverse("reporting:report_detail", args=[report.structure.slug, report.year, report.quarter])


@require_POST
def report_reopen(request, slug, year, quarter):
    report = get_report_for_user(request, slug, year, quarter)
    if not permissions.runs_reports(request.user):
        raise PermissionDenied("Seule la CCI rouvre un rapport transmis.")
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            report.reopen(form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, f"Le rapport du {report.period} est rouvert\u00a0: la structure peut le modifier."
            )
    else:
        messages.error(request, "Indiquez le motif de la réouverture.")
    return redirect(report_url(report))


# --- Dashboards -----------------------------------------------------------------------------------


def _dashboard(request):
    scope = _scope_or_403(request.user)
    form = DashboardForm(request.GET or None, scope=scope)
    filters = form.filters(default=Quarter.current().previous())
    return form, dashboards.build(scope, filters)


def dashboard(request):
    form, board = _dashboard(request)
    return render(request, "reporting/dashboard.html", {"form": form, "dashboard": board})


def dashboard_export(request, table: str, file_format: str):
    """One of the dashboard's tables, with the page's filters, as CSV, XLSX or ODS."""
    if file_format not in CONTENT_TYPES:
        raise Http404("Format inconnu.")
    _form, board = _dashboard(request)
    chart = board.charts().get(table)
    if chart is None:
        raise Http404("Tableau inconnu.")
    filters = board.filters
    name = f"{chart.slug}-{str(filters.period).replace(' ', '-')}"
    return chart.download(f"rapports-{name}", file_format)

"""The yearly usage report: the page, its PDF and its workbook — all printing `reporting.usage.build`."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from extranet.pdf import pdf_response
from extranet.spreadsheets import workbook_response
from extranet.spreadsheets.writing import WORKBOOK_FORMATS
from reporting import permissions
from reporting.usage_documents import FIRST_YEAR, report_context, report_sheets


def _year(request) -> int:
    """The year asked for in the URL (`?annee=`), this year by default; 404 for anything absurd."""
    this_year = timezone.localdate().year
    raw = request.GET.get("annee", "")
    if not raw:
        return this_year
    if not raw.isdigit() or not FIRST_YEAR <= int(raw) <= this_year:
        raise Http404("Année inconnue.")
    return int(raw)


def _check(request) -> None:
    if not permissions.reads_network(request.user):
        raise PermissionDenied


def usage_report(request):
    _check(request)
    year = _year(request)
    return render(request, "reporting/usage_report.html", report_context(year))


def usage_report_pdf(request):
    _check(request)
    year = _year(request)
    return pdf_response(
        "reporting/usage_report_pdf.html", report_context(year), f"bilan-usage-extranet-{year}.pdf"
    )


def usage_report_workbook(request, file_format):
    _check(request)
    if file_format not in WORKBOOK_FORMATS:
        raise Http404("Format inconnu.")
    year = _year(request)
    return workbook_response(f"bilan-usage-extranet-{year}", file_format, report_sheets(report_context(year)))

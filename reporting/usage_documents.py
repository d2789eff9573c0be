"""The yearly usage report as documents: what the page, the PDF, the workbook and `manage.py
usage_report` print, from the one figures-building module (`reporting.usage`)."""

from django.utils import timezone

from extranet.pdf import render_pdf
from extranet.spreadsheets import Sheet, workbook_bytes
from reporting import usage
from reporting.questionnaires import results
from reporting.usage_models import Questionnaire

FIRST_YEAR = 2018  # the extranet opened in 2018 (convention extranet)


def report_context(year: int) -> dict:
    """Everything the page and the PDF print (the same figures, the same charts)."""
    report = usage.build(year)
    questionnaires = [
        (questionnaire, results(questionnaire))
        for questionnaire in Questionnaire.objects.members().in_year(year).prefetch_related("questions")
    ]
    charts = usage.charts(report)
    return {
        "report": report,
        "charts": charts,
        # Only the PDF prints these; building them costs little next to the report's queries.
        "print_charts": [(chart, chart.print_image()) for chart in charts],
        "questionnaires": questionnaires,
        "years": list(range(timezone.localdate().year, FIRST_YEAR - 1, -1)),
    }


def report_sheets(context: dict) -> list[Sheet]:
    report = context["report"]
    sheets = [
        Sheet(
            "Synthèse", ["Bilan d'usage de l'extranet", str(report.year)], [[s, ""] for s in report.summary()]
        )
    ]
    sheets += [Sheet(table.title, table.headers, table.lines()) for table in report.tables]
    for index, (questionnaire, question_results) in enumerate(context["questionnaires"], start=1):
        rows = []
        for result in question_results:
            for option, count in result.counts:
                rows.append([result.question.text, option, count])
            for text in result.texts:
                rows.append([result.question.text, text, None])
        sheets.append(Sheet(f"Questionnaire {index}", [questionnaire.title, "Réponse", "Nombre"], rows))
    return sheets


def report_pdf(context: dict) -> bytes:
    return render_pdf("reporting/usage_report_pdf.html", context)


def report_workbook(context: dict, file_format: str) -> bytes:
    return workbook_bytes(report_sheets(context), file_format)

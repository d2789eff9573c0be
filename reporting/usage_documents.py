"""The yearly usage report as documents: what the page, the PDF, the workbook and `manage.py
usage_report` print, from the one figures-building module (`reporting.usage`)."""

import base64
import re

from django.utils import timezone

from extranet.pdf import render_pdf
from extranet.spreadsheets import Sheet, workbook_bytes
from reporting import usage
from reporting.charts import stylesheet
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
        "print_charts": [(chart, print_image(chart.svg)) for chart in charts],
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


def print_image(svg: str) -> str:
    """A chart's SVG as a self-contained image for the PDF (a `data:` URI).

    On the page the chart takes its look from static/css/charts.css; WeasyPrint does not apply a
    document's stylesheet inside an inline SVG (the bars came out black), so the PDF gets the same
    rules inside the SVG itself. The PDF is not under the page's Content-Security-Policy.
    """
    opening = re.match(r"<svg\b[^>]*>", svg)
    head = opening.group(0)
    if "xmlns=" not in head:
        head = head[:-1] + ' xmlns="http://www.w3.org/2000/svg">'
    style = f"<style>{stylesheet()}</style>"
    standalone = head + style + svg[opening.end() :]
    return "data:image/svg+xml;base64," + base64.b64encode(standalone.encode()).decode()


def report_pdf(context: dict) -> bytes:
    return render_pdf("reporting/usage_report_pdf.html", context)


def report_workbook(context: dict, file_format: str) -> bytes:
    return workbook_bytes(report_sheets(context), file_format)

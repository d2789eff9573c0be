"""The yearly usage report's page, PDF, workbooks and command show the same figures."""

import datetime as dt
import html
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from extranet.models import DailyUsage
from reporting import usage
from reporting.usage_models import Answer, Question, Response
from tests import factories
from tests.reporting.usage_factories import QuestionnaireFactory

YEAR = 2025


@pytest.fixture
def used(conseiller, referent, structure):
    """A year of use with round, recognisable totals, and an evaluation that closed that year."""
    for month in range(1, 13):
        DailyUsage.objects.create(
            user=conseiller, day=dt.date(YEAR, month, 3), logins=3, page_views=1000 + month
        )
        DailyUsage.objects.create(
            user=referent, day=dt.date(YEAR, month, 4), logins=1, page_views=200, downloads=7
        )
    questionnaire = QuestionnaireFactory(
        title="Évaluation technique 2025", opens_on=dt.date(YEAR, 11, 1), closes_on=dt.date(YEAR, 11, 30)
    )
    response = Response.objects.create(questionnaire=questionnaire)
    Answer.objects.create(response=response, question=Question.objects.get(position=1), value="5")
    return questionnaire


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_page_shows_the_figures_charts_tables_and_evaluation(client, pilotage, used):
    client.force_login(pilotage)

    page = html.unescape(client.get(reverse("reporting:usage_report"), {"annee": YEAR}).content.decode())

    assert "Bilan d'usage de l'extranet 2025" in page
    assert "14\u202f478" in page  # pages viewed over the year: 12 078 + 2 400
    assert "2\xa0personnes ont utilisé l'extranet" in page
    assert page.count('role="img"') == len(usage.charts(usage.build(YEAR)))
    assert "Évaluation technique 2025" in page
    assert "moyenne 5,0" in page or "moyenne 5" in page


def test_the_pdf_workbooks_and_page_agree(client, pilotage, used):
    client.force_login(pilotage)
    report = usage.build(YEAR)

    pdf = client.get(reverse("reporting:usage_report_pdf"), {"annee": YEAR})
    assert pdf["Content-Type"] == "application/pdf"
    assert "bilan-usage-extranet-2025.pdf" in pdf["Content-Disposition"]
    text = pdf_text(pdf.content)
    for sentence in (
        "Bilan d'usage de l'extranet",
        "Synthèse",
        "Par mois",
        "Par rôle",
        "Par structure",
        "Par partenaire",
    ):
        assert sentence in text
    assert "14 478" in text.replace("\u202f", " ")
    assert "Évaluation technique 2025" in text

    xlsx = client.get(reverse("reporting:usage_report_workbook", args=["xlsx"]), {"annee": YEAR})
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == [
        "Synthèse",
        "Par mois",
        "Par rôle",
        "Par structure",
        "Par partenaire",
        "Questionnaire 1",
    ]
    for table in report.tables:
        rows = [[cell.value for cell in row] for row in book[table.title].rows]
        assert rows[0] == table.headers
        assert [[value if value != "" else None for value in row] for row in rows[1:]] == table.lines()

    ods = client.get(reverse("reporting:usage_report_workbook", args=["ods"]), {"annee": YEAR})
    assert ods["Content-Type"] == "application/vnd.oasis.opendocument.spreadsheet"


def test_the_command_writes_the_same_files(used, tmp_path):
    call_command("usage_report", str(YEAR), "--dossier", str(tmp_path), stdout=io.StringIO())

    names = sorted(path.name for path in tmp_path.iterdir())
    assert names == [
        "bilan-usage-extranet-2025.ods",
        "bilan-usage-extranet-2025.pdf",
        "bilan-usage-extranet-2025.xlsx",
    ]
    book = openpyxl.load_workbook(tmp_path / "bilan-usage-extranet-2025.xlsx")
    total = [cell.value for cell in list(book["Par mois"].rows)[-1]]
    assert total[:4] == ["Total", 48, 2, 14478]
    assert "14 478" in pdf_text((tmp_path / "bilan-usage-extranet-2025.pdf").read_bytes()).replace(
        "\u202f", " "
    )


@pytest.mark.parametrize("persona", ["conseiller", "referent"])
def test_only_the_network_readers_open_the_report(client, db, persona, request):
    client.force_login(request.getfixturevalue(persona))

    for url in (
        reverse("reporting:usage_report"),
        reverse("reporting:usage_report_pdf"),
        reverse("reporting:usage_report_workbook", args=["xlsx"]),
    ):
        assert client.get(url).status_code == 403


@pytest.mark.parametrize("year", ["1990", "abc", "3000"])
def test_an_absurd_year_is_not_found(client, pilotage, year):
    client.force_login(pilotage)

    assert client.get(reverse("reporting:usage_report"), {"annee": year}).status_code == 404


def test_an_unknown_workbook_format_is_not_found(client, pilotage):
    client.force_login(pilotage)

    assert client.get(reverse("reporting:usage_report_workbook", args=["csv"])).status_code == 404


def test_the_page_costs_the_same_queries_with_more_people(client, pilotage, used, queries_stay_flat):
    client.force_login(pilotage)

    def more():
        for _ in range(3):
            person = factories.counsellor(structure=factories.StructureFactory())
            DailyUsage.objects.create(user=person, day=dt.date(YEAR, 5, 5), logins=1, page_views=3)

    # Two visits: the first one counts the page view of the day (a new DailyUsage row).
    queries_stay_flat(reverse("reporting:usage_report"), more, {"annee": YEAR}, visits=2)

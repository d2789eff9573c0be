"""A steering user downloads the yearly usage report as a PDF whose pages show charts and tables; the
report and questionnaire pages pass axe."""

import datetime as dt
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect
from pypdf import PdfReader

from extranet.models import DailyUsage
from tests import factories
from tests.browser.pages import assert_no_axe_violation, login
from tests.reporting.usage_factories import QuestionnaireFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def used(structure, partner, conseiller, referent):
    year = timezone.localdate().year
    for month in range(1, timezone.localdate().month + 1):
        DailyUsage.objects.create(
            user=conseiller, day=dt.date(year, month, 1), logins=4, page_views=120 + month
        )
        DailyUsage.objects.create(
            user=referent, day=dt.date(year, month, 2), logins=2, page_views=40, downloads=3
        )
    other = factories.counsellor(structure=factories.StructureFactory(name="France Services de Caussade"))
    DailyUsage.objects.create(user=other, day=dt.date(year, 1, 5), logins=1, page_views=60)
    return year


def test_a_steering_user_downloads_the_yearly_pdf_with_charts_and_tables(
    browser_page, live_server, pilotage, used, tmp_path
):
    page = login(browser_page, live_server, pilotage)
    page.goto(f"{live_server.url}{reverse('reporting:usage_report')}")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Bilan d'usage de l'extranet {used}")
    expect(page.get_by_role("img", name=f"Pages vues et connexions par mois en {used}")).to_be_visible()
    assert_no_axe_violation(page)

    # Drawing the PDF takes seconds, more on a busy machine: the click waits for it to come.
    page.set_default_timeout(120_000)
    with page.expect_download() as download_info:
        page.get_by_role("link", name=f"Télécharger le bilan {used} en PDF").click()
    pdf_path = tmp_path / "bilan.pdf"
    download_info.value.save_as(pdf_path)

    reader = PdfReader(pdf_path)
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Bilan d'usage de l'extranet France Services" in text.replace("\n", " ")
    assert "Par structure" in text and "France Services de Caussade" in text
    assert "Pages vues et connexions par mois" in text

    subprocess.run(["pdftoppm", "-png", "-r", "40", str(pdf_path), str(tmp_path / "page")], check=True)
    images = sorted(tmp_path.glob("page-*.png"))
    assert len(images) == len(reader.pages) >= 4
    for path in images:
        with Image.open(path) as image:
            # A drawn page: more than a blank sheet (its darkest pixel is well below white).
            assert min(image.convert("L").getextrema()) < 100, f"{path.name} is blank"
    # The page of charts holds a lot of colour (bars and lines), not only text.
    with Image.open(images[2]) as charts_page:
        colours = charts_page.convert("RGB").getcolors(maxcolors=100_000)
    assert any(r < 60 and g < 60 and b > 100 for _, (r, g, b) in colours), "no chart blue on the charts page"


def test_questionnaire_pages_pass_axe(browser_page, live_server, conseiller, pilotage):
    questionnaire = QuestionnaireFactory()
    page = login(browser_page, live_server, conseiller)
    page.goto(f"{live_server.url}{reverse('reporting:questionnaire_answer', args=[questionnaire.pk])}")
    assert_no_axe_violation(page)
    page.get_by_label("4", exact=True).check()
    page.get_by_label("Forum").check()
    page.get_by_role("button", name="Envoyer mes réponses").click()
    expect(page.get_by_text("vos réponses sont enregistrées")).to_be_visible()
    assert_no_axe_violation(page)

    page.context.clear_cookies()
    page = login(page, live_server, pilotage)
    page.goto(f"{live_server.url}{reverse('reporting:questionnaire_results', args=[questionnaire.pk])}")
    expect(page.get_by_role("img", name="1. L'extranet vous est-il utile ?")).to_be_visible()
    assert_no_axe_violation(page)

"""The CCI agent imports the national list of France Services as downloaded, with one bad cell: reads
the error, fixes the cell, imports, and finds the week of Molières on its directory page; axe finds
no violation on the error page and on the preview."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from annuaire.models import Structure
from tests.browser.pages import assert_no_axe_violation, staff_login
from tests.national_files import national_csv, national_rows

pytestmark = pytest.mark.browser

IMPORT_URL = "admin:annuaire_nationallistimport_import"


def choose_file(page, content: bytes):
    page.locator('input[name="import_file"]').set_input_files(
        files=[{"name": "liste-france-services.csv", "mimeType": "text/csv", "buffer": content}]
    )
    page.get_by_role("button", name="Soumettre").click()


def test_cci_fixes_the_bad_cell_then_imports_and_reads_the_week_of_molieres(
    browser_page, live_server, animateur
):
    page = browser_page
    staff_login(page, live_server, animateur)
    rows = national_rows()  # Toulouse (row 2), Molières (row 3), the itinerant unit (row 4)…
    tuesday = rows[0].index("h_mardi")
    good = rows[2][tuesday]
    rows[2][tuesday] = "9h-12h"

    page.goto(f"{live_server.url}{reverse(IMPORT_URL)}")
    choose_file(page, national_csv(rows))

    error = page.get_by_text(
        "Ligne 3, colonne « h_mardi » : « 9h-12h » n'est pas une plage horaire ; "
        "attendu par exemple 09:00 - 12:00 / 13:30 - 17:00"
    )
    expect(error).to_be_visible()
    expect(
        page.get_by_role("heading", name="Des lignes sont invalides : rien ne sera importé")
    ).to_be_visible()
    assert not Structure.objects.exists()
    assert_no_axe_violation(page)

    rows[2][tuesday] = good
    choose_file(page, national_csv(rows))

    expect(
        page.get_by_text("3 structures créées, 0 mise à jour, 0 inchangée, 2 lignes d'autres")
    ).to_be_visible()
    expect(
        page.get_by_role("heading", name="France Services de Molières (Molières) : nouvelle structure")
    ).to_be_visible()
    assert_no_axe_violation(page)
    page.get_by_role("button", name="Confirmer l'import").click()

    expect(page.get_by_text("Liste nationale importée : 3 structures créées")).to_be_visible()
    molieres = Structure.objects.get(national_id="1234")
    page.goto(f"{live_server.url}{molieres.get_absolute_url()}")
    week = page.get_by_role("table", name="Horaires habituels de la semaine")
    expect(week.get_by_role("row", name="Mardi 9 h – 12 h et 13 h 30 – 17 h")).to_be_visible()
    expect(week.get_by_role("row", name="Mercredi Fermé")).to_be_visible()
    expect(week.get_by_role("row", name="Samedi 9 h – 12 h")).to_be_visible()
    expect(page.get_by_text("Bâtiment de l'ancienne poste")).to_be_visible()
    expect(page.get_by_role("link", name="sa ligne au format de la liste nationale (CSV)")).to_be_visible()

"""The CCI agent imports the list of authorised people saved by Excel on a French PC, in the admin."""

from django.urls import reverse

from extranet.models import User
from tests.browser.pages import assert_no_axe_violation, staff_login
from tests.spreadsheet_files import csv_file


def test_excel_csv_of_authorised_people_is_previewed_in_french(
    browser_page, live_server, animateur, structure
):
    page = browser_page
    staff_login(page, live_server, animateur)
    rows = [
        ["E-mail", "Prénom", "Nom", "Rôle", "Téléphone", "Structure", "Remarque"],
        [
            "helene.feraud@example.org",
            "Hélène",
            "Féraud",
            "Conseiller",
            "563000001",
            "MSAP La Poste de Molières",
            "",
        ],
    ]
    content = csv_file(rows, encoding="cp1252", delimiter=";", newline="\r\n")

    page.goto(f"{live_server.url}{reverse('admin:extranet_user_import')}")
    page.locator('input[name="import_file"]').set_input_files(
        files=[{"name": "personnes-autorisees.csv", "mimeType": "text/csv", "buffer": content}]
    )
    page.locator('input[type="submit"]').click()

    preview = page.locator("#content")
    preview.get_by_text("Colonne inconnue, ignorée : « Remarque »").wait_for()
    table = page.locator("table.import-preview")
    assert "Hélène" in table.inner_text() and "Féraud" in table.inner_text()
    assert "0563000001" in table.inner_text()
    assert "Ã" not in page.content()
    assert not User.objects.filter(email="helene.feraud@example.org").exists()  # only a preview
    assert_no_axe_violation(page)

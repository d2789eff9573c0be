"""The CCI agent imports the list of authorised people saved by Excel on a French PC, in the admin."""

import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.urls import reverse

from extranet.models import User
from tests.browser.pages import assert_no_axe_violation
from tests.factories import PASSWORD
from tests.spreadsheet_files import csv_file

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # the `animateur` persona's secret


def staff_login(page, live_server, user):
    """The real login form, then the TOTP code the staff persona's authenticator app shows."""
    page.goto(f"{live_server.url}{reverse('account_login')}")
    page.get_by_label("Courriel").fill(user.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"{live_server.url}{reverse('mfa_authenticate')}")
    page.locator('input[name="code"]').fill(
        format_hotp_value(hotp_value(TOTP_SECRET, int(time.time()) // 30))
    )
    page.locator('input[name="code"]').press("Enter")
    page.wait_for_url(f"{live_server.url}{reverse('home')}")


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

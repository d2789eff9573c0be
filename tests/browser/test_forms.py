"""Forms with errors, in a browser: the summary's links reach fields that exist, the chosen file survives
a refusal, and axe finds no violation on the refused forms."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from fichiers.models import Document
from tests.browser.pages import assert_no_axe_violation, login
from tests.factories import PDF_BYTES


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _summary_targets(page) -> list[str]:
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    targets = [link.get_attribute("href") for link in summary.get_by_role("link").all()]
    for target in targets:
        assert page.locator(target).count() == 1, target
    return targets


def test_structure_form_with_errors(browser_page, live_server, conseiller, structure):
    page = login(browser_page, live_server, conseiller)
    page.goto(f"{live_server.url}{reverse('annuaire:structure_edit', kwargs={'slug': structure.slug})}")
    page.get_by_label("E-mail de contact").fill("pas-une-adresse")
    page.locator("#id_horaires-0-weekday").select_option(label="mardi")
    page.locator("#id_horaires-0-opens").fill("12:00")
    page.locator("#id_horaires-0-closes").fill("09:00")
    page.get_by_role("button", name="Enregistrer").click()

    assert _summary_targets(page) == ["#id_email", "#id_horaires-0-closes"]
    page.get_by_role("link", name="Plage d'ouverture 1, fermeture").click()
    assert page.evaluate("document.activeElement.id") == "id_horaires-0-closes"
    assert_no_axe_violation(page)


def test_upload_form_with_errors_keeps_the_file(browser_page, live_server, conseiller, structure, tmp_path):
    leaflet = tmp_path / "Plaquette Molières.pdf"
    leaflet.write_bytes(PDF_BYTES)
    page = login(browser_page, live_server, conseiller)
    page.goto(f"{live_server.url}{reverse('fichiers:document_create')}")
    page.get_by_label("Titre").fill("Plaquette de Molières")
    page.get_by_label("Catégorie").select_option(label="Plaquette de communication")
    page.get_by_label("Fichier").set_input_files(str(leaflet))
    page.get_by_role("button", name="Enregistrer").click()

    assert _summary_targets(page) == ["#id_structure"]
    expect(page.get_by_text("Fichier reçu\u00a0: « Plaquette Molières.pdf »")).to_be_visible()
    assert_no_axe_violation(page)

    page.get_by_label("Structure").select_option(label=str(structure))
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", name="Plaquette de Molières")).to_be_visible()
    with Document.objects.get().current_version.file.open("rb") as stored:
        assert stored.read() == PDF_BYTES

"""A counsellor uploads their structure's leaflet, finds it from the structure page and downloads it;
a referent publishes a partner news item that a counsellor then sees on their home page; axe finds no
violation on the news, file and search pages."""

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from fichiers.enums import DocumentCategory
from fichiers.models import Document
from tests import factories
from tests.browser.pages import assert_no_axe_violation, login
from tests.factories import PDF_BYTES

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_counsellor_uploads_the_leaflet_and_downloads_it_from_the_structure_page(
    browser_page, live_server, conseiller, structure, tmp_path
):
    leaflet = tmp_path / "Plaquette Molières.pdf"
    leaflet.write_bytes(PDF_BYTES)
    page = login(browser_page, live_server, conseiller)
    page.get_by_role("link", name="Fichiers", exact=True).click()
    page.get_by_role("link", name="Déposer un fichier").click()
    page.get_by_label("Titre").fill("Plaquette de la France Services de Molières")
    page.get_by_label("Catégorie").select_option(label="Plaquette de communication")
    page.get_by_label("Structure").select_option(label=str(structure))
    page.get_by_label("Fichier").set_input_files(str(leaflet))
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", name="Plaquette de la France Services de Molières")).to_be_visible()

    # Found again from the structure's page in the directory, reached from the home page.
    page.get_by_role("link", name="Accueil", exact=True).click()
    page.get_by_role("link", name=structure.name, exact=True).click()
    documents = page.locator("section[aria-labelledby=panel-documents]")
    title = "Plaquette de la France Services de Molières"
    expect(documents.get_by_role("link", name=title, exact=True)).to_be_visible()
    with page.expect_download() as download_info:
        documents.get_by_role("link", name=f"télécharger « {title} »").click()
    download = download_info.value
    assert download.suggested_filename == "Plaquette Molières.pdf"
    saved = Path(tmp_path / "telechargement.pdf")
    download.save_as(saved)
    assert saved.read_bytes() == PDF_BYTES
    assert Document.objects.get().current_version.sha256


def test_referent_news_reaches_the_counsellors_home(browser_page, live_server, referent, partner, conseiller):
    page = login(browser_page, live_server, referent)
    page.goto(f"{live_server.url}{reverse('fichiers:news_create')}")
    page.get_by_label("Titre").fill("La CAF change ses horaires de permanence")
    page.get_by_label("Texte").fill("À partir du **1er décembre**, la permanence a lieu le mardi.")
    page.get_by_label("Catégorie").select_option(label="Actualités des partenaires")
    page.get_by_label("Partenaire").select_option(label=str(partner))
    page.get_by_role("button", name="Publier").click()
    assert page.locator(".news-body strong").inner_text() == "1er décembre"

    page.context.clear_cookies()
    page = login(page, live_server, conseiller)
    panel = page.get_by_role("region", name="Dernières actualités")
    panel.get_by_role("link", name="La CAF change ses horaires de permanence").click()
    expect(page.get_by_role("heading", name="La CAF change ses horaires de permanence")).to_be_visible()


@pytest.mark.parametrize(
    "page_name",
    ["news_list", "news_detail", "news_form", "document_list", "document_detail", "document_form", "search"],
)
def test_no_axe_violation(browser_page, live_server, conseiller, structure, page_name):
    document = factories.DocumentFactory(
        uploaded_by=conseiller,
        with_version=True,
        title="Plaquette de Molières",
        category=DocumentCategory.LEAFLET,
        structure=structure,
    )
    news = factories.NewsFactory(
        author=conseiller, title="Plaquette de Molières mise à jour", body="Voir **la plaquette**."
    )
    news.files.add(document)
    urls = {
        "news_list": reverse("fichiers:news_list"),
        "news_detail": news.get_absolute_url(),
        "news_form": reverse("fichiers:news_create"),
        "document_list": reverse("fichiers:document_list"),
        "document_detail": document.get_absolute_url(),
        "document_form": reverse("fichiers:document_create"),
        "search": f"{reverse('search')}?q=plaquette",
    }
    page = login(browser_page, live_server, conseiller)
    page.goto(f"{live_server.url}{urls[page_name]}")
    assert_no_axe_violation(page)

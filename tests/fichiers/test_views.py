"""News and catalogue pages, versions, downloads and the panels lent to other pages."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from extranet.models import DailyUsage
from fichiers import panels
from fichiers.enums import DocumentCategory, NewsCategory
from fichiers.models import DigestSubscription, DownloadCount
from tests import factories
from tests.factories import png_bytes, upload

pytestmark = pytest.mark.django_db


def test_news_list_filters(client, conseiller, structure, partner):
    factories.NewsFactory(author=conseiller, title="Horaires d'été", structure=structure)
    factories.NewsFactory(
        author=conseiller, title="Prime d'activité", partner=partner, category=NewsCategory.PARTNERS
    )
    factories.NewsFactory(author=conseiller, title="Ancienne", archived_at=timezone.now())
    client.force_login(conseiller)
    url = reverse("fichiers:news_list")

    def titles(**params):
        return [news.title for news in client.get(url, params).context["page"]]

    assert titles() == ["Prime d'activité", "Horaires d'été"]
    assert titles(category="partenaires") == ["Prime d'activité"]
    assert titles(structure=structure.pk) == ["Horaires d'été"]
    assert titles(partner=partner.pk) == ["Prime d'activité"]
    assert titles(q="ETE") == ["Horaires d'été"]
    archived = client.get(reverse("fichiers:news_archive")).context["page"]
    assert [news.title for news in archived] == ["Ancienne"]


def test_pinned_news_first_and_paginated(client, conseiller):
    for number in range(25):
        factories.NewsFactory(author=conseiller, title=f"Actualité {number}")
    factories.NewsFactory(
        author=conseiller,
        title="Épinglée",
        is_pinned=True,
        published_at=timezone.now() - dt.timedelta(days=30),
    )
    client.force_login(conseiller)
    page = client.get(reverse("fichiers:news_list")).context["page"]
    assert page[0].title == "Épinglée"
    assert page.paginator.num_pages == 2


def test_news_page_renders_markdown_safely(client, conseiller):
    news = factories.NewsFactory(
        author=conseiller, body="**Important** <script>alert(1)</script> [x](javascript:alert(1))"
    )
    client.force_login(conseiller)
    content = client.get(news.get_absolute_url()).content.decode()
    assert "<strong>Important</strong>" in content
    assert "alert(1)" not in content.split('<div class="news-body">')[1].split("</div>")[0]


def test_the_news_list_shows_plain_text_excerpts(client, conseiller):
    factories.NewsFactory(
        author=conseiller, body="La **rencontre annuelle** :\n\n- justificatif\n- avis d'imposition"
    )
    client.force_login(conseiller)
    content = client.get(reverse("fichiers:news_list")).content.decode()
    assert "La rencontre annuelle : justificatif avis d&#x27;imposition" in content
    assert "**" not in content and "- justificatif" not in content


def test_the_listed_excerpt_follows_an_edit_and_stops_after_forty_words(client, conseiller, news_item):
    """The excerpt is stored when the news is saved: an edit through the form changes it."""
    client.force_login(conseiller)
    body = "Nouveaux **horaires** :\n\n" + " ".join(f"mot{n}" for n in range(60))
    data = {"title": news_item.title, "body": body, "category": news_item.category}
    assert client.post(reverse("fichiers:news_edit", args=[news_item.pk]), data).status_code == 302
    content = client.get(reverse("fichiers:news_list")).content.decode()
    words = " ".join(f"mot{n}" for n in range(37))  # « : » counts as a word, as on the rendered page
    assert f"Nouveaux horaires : {words}…</p>" in content
    assert "mot37" not in content and "Le texte" not in content
    # A save naming only the body (as some code paths do) refreshes the excerpt too.
    news_item.refresh_from_db()
    news_item.body = "Texte *corrigé*."
    news_item.save(update_fields=["body"])
    assert "Texte corrigé.</p>" in client.get(reverse("fichiers:news_list")).content.decode()


def test_news_page_lists_attached_files(client, conseiller, leaflet):
    news = factories.NewsFactory(author=conseiller)
    news.files.add(leaflet)
    client.force_login(conseiller)
    response = client.get(news.get_absolute_url())
    assert leaflet.current_version.get_download_url() in response.content.decode()


def test_latest_news_on_everyones_home(client, referent, partner, conseiller, pilotage):
    client.force_login(referent)
    client.post(
        reverse("fichiers:news_create"),
        {
            "title": "Permanence CAF décalée",
            "body": "Texte",
            "category": "partenaires",
            "partner": partner.pk,
        },
    )
    for user in (conseiller, pilotage):
        client.force_login(user)
        assert "Permanence CAF décalée" in client.get(reverse("home")).content.decode()


def test_home_shows_no_news_panel_without_news(client, conseiller):
    # No empty placeholder boxes: the panel is left out when there is nothing to show.
    factories.NewsFactory(author=conseiller, title="Archivée", archived_at=timezone.now())
    factories.NewsFactory(
        author=conseiller, title="Programmée", published_at=timezone.now() + dt.timedelta(days=1)
    )
    request = RequestFactory().get("/")
    request.user = conseiller
    assert panels.latest_news(request) is None
    client.force_login(conseiller)
    content = client.get(reverse("home")).content.decode()
    assert "Dernières actualités" not in content
    assert "Aucune actualité" not in content


def test_catalogue_filters_and_archive(client, conseiller, structure, partner):
    factories.DocumentFactory(
        uploaded_by=conseiller,
        with_version=True,
        title="Plaquette",
        category=DocumentCategory.LEAFLET,
        structure=structure,
    )
    factories.DocumentFactory(
        uploaded_by=conseiller,
        with_version=True,
        title="Guide CAF",
        category=DocumentCategory.PARTNER_DOCUMENTATION,
        partner=partner,
    )
    factories.DocumentFactory(
        uploaded_by=conseiller, with_version=True, title="Rapport 2019", year=2019, archived_at=timezone.now()
    )
    client.force_login(conseiller)
    url = reverse("fichiers:document_list")

    def titles(**params):
        return [document.title for document in client.get(url, params).context["page"]]

    assert titles() == ["Guide CAF", "Plaquette"]
    assert titles(category="plaquette") == ["Plaquette"]
    assert titles(partner=partner.pk) == ["Guide CAF"]
    assert titles(year=2019) == []
    assert [d.title for d in client.get(reverse("fichiers:document_archive")).context["page"]] == [
        "Rapport 2019"
    ]


def test_new_version_becomes_current_and_history_is_kept(client, conseiller, leaflet):
    first = leaflet.current_version
    client.force_login(conseiller)
    client.post(reverse("fichiers:version_create", args=[leaflet.pk]), {"file": upload("plaquette-2026.pdf")})
    leaflet.refresh_from_db()
    assert leaflet.current_version != first
    assert leaflet.current_version.original_name == "plaquette-2026.pdf"
    assert list(leaflet.versions.all()) == [leaflet.current_version, first]
    page = client.get(leaflet.get_absolute_url()).content.decode()
    assert "plaquette-2026.pdf" in page and "plaquette.pdf" in page
    response = client.get(first.get_download_url())  # the old one stays downloadable
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_download_headers_and_count(client, conseiller, structure):
    document = factories.DocumentFactory(
        uploaded_by=conseiller, version=upload("Plaquette « été » 2026.pdf"), structure=structure
    )
    client.force_login(conseiller)
    response = client.get(document.current_version.get_download_url())
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''Plaquette%20%C2%AB%20%C3%A9t%C3%A9%20%C2%BB%202026.pdf"
    )
    assert "private" in response["Cache-Control"]
    b"".join(response.streaming_content)  # reading it to the end closes the file
    b"".join(client.get(document.current_version.get_download_url()).streaming_content)
    assert DownloadCount.objects.get(document=document, day=timezone.localdate()).count == 2
    # …and per person, for the usage report's figures per role, structure and partner.
    assert DailyUsage.objects.get(user=conseiller, day=timezone.localdate()).downloads == 2


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ('rapport"; filename="evil.exe', 'attachment; filename="rapport\\"; filename=\\"evil.exe"'),
        ("\r\nSet-Cookie: x.pdf", "attachment; filename*=utf-8''%0D%0ASet-Cookie%3A%20x.pdf"),
        ("Été.pdf", "attachment; filename*=utf-8''%C3%89t%C3%A9.pdf"),
    ],
)
def test_a_stored_name_cannot_break_the_download_header(client, conseiller, name, expected):
    document = factories.DocumentFactory(uploaded_by=conseiller, with_version=True)
    document.current_version.original_name = name
    document.current_version.save()
    client.force_login(conseiller)
    response = client.get(document.current_version.get_download_url())
    assert response["Content-Disposition"] == expected
    b"".join(response.streaming_content)


def test_thumbnail_is_served_inline_to_members(client, conseiller):
    document = factories.DocumentFactory(
        uploaded_by=conseiller, version=upload("affiche.png", png_bytes(), "image/png")
    )
    client.force_login(conseiller)
    response = client.get(reverse("fichiers:thumbnail", args=[document.current_version.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_pdf_has_no_thumbnail(client, conseiller, leaflet):
    client.force_login(conseiller)
    assert client.get(reverse("fichiers:thumbnail", args=[leaflet.current_version.pk])).status_code == 404


def test_structure_page_panel_shows_leaflet_first(conseiller, structure):
    factories.DocumentFactory(
        uploaded_by=conseiller,
        with_version=True,
        title="Rapport",
        category=DocumentCategory.ANNUAL_REPORT,
        structure=structure,
    )
    leaflet = factories.DocumentFactory(
        uploaded_by=conseiller,
        with_version=True,
        title="Plaquette",
        category=DocumentCategory.LEAFLET,
        structure=structure,
    )
    factories.DocumentFactory(
        uploaded_by=conseiller,
        with_version=True,
        title="Autre structure",
        structure=factories.StructureFactory(),
    )
    request = RequestFactory().get("/")
    request.user = conseiller
    html = Template("{% load panels %}{% object_panels structure %}").render(
        Context({"request": request, "structure": structure})
    )
    assert "Documents de la structure" in html
    assert html.index("Plaquette") < html.index("Rapport")
    assert leaflet.current_version.get_download_url() in html
    assert "Autre structure" not in html


def test_partner_page_panel(conseiller, partner):
    factories.DocumentFactory(
        uploaded_by=conseiller,
        with_version=True,
        title="Guide CAF",
        category=DocumentCategory.PARTNER_DOCUMENTATION,
        partner=partner,
    )
    request = RequestFactory().get("/")
    request.user = conseiller
    html = Template("{% load panels %}{% object_panels partner %}").render(
        Context({"request": request, "partner": partner})
    )
    assert "Documentation du partenaire" in html and "Guide CAF" in html


def test_digest_preferences(client, conseiller):
    client.force_login(conseiller)
    url = reverse("fichiers:digest_preferences")
    assert client.get(url).status_code == 200
    client.post(url, {"is_active": "on"})
    assert DigestSubscription.objects.get(user=conseiller).is_active
    client.post(url, {})
    assert not DigestSubscription.objects.get(user=conseiller).is_active


@pytest.mark.parametrize(
    "url_name",
    ["fichiers:news_list", "fichiers:news_create", "fichiers:document_list", "fichiers:document_create"],
)
def test_pages_render(client, conseiller, url_name):
    client.force_login(conseiller)
    assert client.get(reverse(url_name)).status_code == 200


def test_detail_and_edit_pages_render(client, conseiller, news_item, leaflet):
    client.force_login(conseiller)
    for url in (
        news_item.get_absolute_url(),
        reverse("fichiers:news_edit", args=[news_item.pk]),
        leaflet.get_absolute_url(),
        reverse("fichiers:document_edit", args=[leaflet.pk]),
        reverse("fichiers:version_create", args=[leaflet.pk]),
    ):
        assert client.get(url).status_code == 200, url


def test_upload_form_is_not_bound_before_posting(client, conseiller):
    client.force_login(conseiller)
    response = client.get(reverse("fichiers:document_create"))
    assert not response.context["upload_form"].is_bound
    assert response.context["form"].initial["year"] == timezone.localdate().year


def test_directory_pages_show_no_empty_files_panel(conseiller, structure, partner):
    factories.DocumentFactory(
        uploaded_by=conseiller,
        with_version=True,
        title="Archivé",
        structure=structure,
        partner=partner,
        archived_at=timezone.now(),
    )
    request = RequestFactory().get("/")
    request.user = conseiller
    assert panels.structure_documents(request, structure) is None
    assert panels.partner_documents(request, partner) is None
    html = Template("{% load panels %}{% object_panels structure %}{% object_panels partner %}").render(
        Context({"request": request, "structure": structure, "partner": partner})
    )
    assert "Documents de la structure" not in html and "Documentation du partenaire" not in html

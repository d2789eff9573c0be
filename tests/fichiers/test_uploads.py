"""Upload checks: content sniffing, extension agreement, size and emptiness; nothing kept on refusal."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from PIL import Image

from fichiers.models import Document, FileVersion
from fichiers.validators import check_upload
from tests import factories
from tests.factories import DOCX_BYTES, EXE_BYTES, ODS_BYTES, PDF_BYTES, png_bytes, upload, zip_bytes


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("rapport.pdf", PDF_BYTES, "application/pdf"),
        ("photo.PNG", png_bytes(), "image/png"),
        (
            "compte-rendu.docx",
            DOCX_BYTES,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("chiffres.ods", ODS_BYTES, "application/vnd.oasis.opendocument.spreadsheet"),
        ("ancien.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "application/vnd.ms-excel"),
        ("frequentation.csv", "mois;visites\njanvier;120\nfévrier;98\n".encode(), "text/csv; charset=utf-8"),
    ],
)
def test_accepted_kinds(name, content, content_type):
    checked = check_upload(upload(name, content))
    assert checked.kind.content_type == content_type
    assert checked.size == len(content)
    assert len(checked.sha256) == 64


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("vide.pdf", b"", "empty"),
        ("programme.exe", EXE_BYTES, "extension"),
        ("plaquette.pdf", EXE_BYTES, "content"),  # an executable renamed .pdf
        ("photo.pdf", png_bytes(), "mismatch"),  # wrong extension for the content
        ("document.docx", PDF_BYTES, "mismatch"),
        ("archive.docx", zip_bytes({"virus.exe": EXE_BYTES}), "content"),  # a plain zip renamed
        ("notes.txt", b"\xff\xfe\x00t\x00e\x00x\x00t", "content"),  # not UTF-8 text
        ("page.html", b"<html><script>alert(1)</script></html>", "extension"),
    ],
)
def test_refused_kinds(name, content, code):
    with pytest.raises(ValidationError) as error:
        check_upload(upload(name, content))
    assert error.value.code == code


def test_size_limit_comes_from_settings(settings):
    settings.FICHIERS_MAX_UPLOAD_MB = 1
    with pytest.raises(ValidationError) as error:
        check_upload(upload("gros.pdf", PDF_BYTES + b"0" * (1024 * 1024)))
    assert error.value.code == "too_large"
    assert "la limite est de 1 Mo" in error.value.messages[0]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("vide.pdf", b"", "est vide"),
        ("plaquette.pdf", EXE_BYTES, "ne correspond à aucun format accepté"),
        ("photo.pdf", png_bytes(), "son contenu est un image PNG"),
        ("gros.pdf", PDF_BYTES + b"0" * (1024 * 1024), "la limite est de 1 Mo"),
    ],
)
def test_refused_upload_leaves_nothing_behind(
    client, conseiller, structure, stored_files, settings, name, content, message
):
    settings.FICHIERS_MAX_UPLOAD_MB = 1
    client.force_login(conseiller)
    response = client.post(
        reverse("fichiers:document_create"),
        {
            "title": "Plaquette",
            "category": "plaquette",
            "structure": structure.pk,
            "year": 2026,
            "file": upload(name, content),
        },
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["upload_form"].errors["file"])
    assert not Document.objects.exists()
    assert not FileVersion.objects.exists()
    assert stored_files() == []


def test_refused_new_version_keeps_the_current_one(client, conseiller, leaflet, stored_files):
    client.force_login(conseiller)
    before = stored_files()
    response = client.post(
        reverse("fichiers:version_create", args=[leaflet.pk]), {"file": upload("v2.pdf", EXE_BYTES)}
    )
    assert response.status_code == 200
    assert leaflet.versions.count() == 1
    assert stored_files() == before


def test_stored_name_is_not_guessable(leaflet):
    stored = leaflet.current_version.file.name
    assert "plaquette" not in stored.lower()
    assert stored.startswith("fichiers/") and stored.endswith(".pdf")
    assert len(stored.rsplit("/", 1)[1]) > 30


def test_image_gets_a_preview(conseiller):
    document = factories.DocumentFactory(
        uploaded_by=conseiller, version=upload("affiche.png", png_bytes((1200, 800)), "image/png")
    )
    version = document.current_version
    assert version.thumbnail
    with version.thumbnail.open("rb") as preview, Image.open(preview) as image:
        assert max(image.size) <= 480

"""Fixtures for news and files: a throw-away media folder and sample files of every kind."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from fichiers.enums import DocumentCategory, NewsCategory
from fichiers.models import Document, News
from fichiers.validators import check_upload


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files go to a temporary folder, never into the repository."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    return settings.MEDIA_ROOT


def stored_files(media_root) -> list:
    return [path for path in media_root.rglob("*") if path.is_file()] if media_root.exists() else []


def png_bytes(size=(64, 48)) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", size, "navy").save(output, "PNG")
    return output.getvalue()


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return output.getvalue()


PDF_BYTES = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
DOCX_BYTES = zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
ODS_BYTES = zip_bytes(
    {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<office:document/>"}
)
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


def upload(name="plaquette.pdf", content=PDF_BYTES, content_type="application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def make_document(user=None, *, upload_file=None, **fields) -> Document:
    fields.setdefault("title", "Plaquette de la France Services")
    fields.setdefault("category", DocumentCategory.OTHER)
    fields.setdefault("year", 2026)
    document = Document.objects.create(uploaded_by=user, **fields)
    upload_file = upload_file or upload()
    document.add_version(upload_file, check_upload(upload_file), user)
    return document


def make_news(author=None, **fields) -> News:
    fields.setdefault("title", "Une actualité du réseau")
    fields.setdefault("body", "Le texte de l'actualité.")
    fields.setdefault("category", NewsCategory.NETWORK)
    return News.objects.create(author=author, **fields)


@pytest.fixture
def leaflet(conseiller, structure):
    return make_document(
        conseiller, title="Plaquette de Molières", category=DocumentCategory.LEAFLET, structure=structure
    )


@pytest.fixture
def news_item(conseiller, structure):
    return make_news(conseiller, title="Nouveaux horaires à Molières", structure=structure)

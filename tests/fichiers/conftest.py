"""Fixtures for news and files: a throw-away media folder, a leaflet and a news item (the factories and
sample files are in `tests.factories`)."""

import pytest

from fichiers.enums import DocumentCategory
from tests import factories


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files go to a temporary folder, never into the repository."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    return settings.MEDIA_ROOT


@pytest.fixture
def stored_files(media_root):
    """Lists the files in the temporary media folder (read afresh at each call)."""
    return lambda: [path for path in media_root.rglob("*") if path.is_file()] if media_root.exists() else []


@pytest.fixture
def leaflet(conseiller, structure):
    return factories.DocumentFactory(
        uploaded_by=conseiller,
        with_version=True,
        title="Plaquette de Molières",
        category=DocumentCategory.LEAFLET,
        structure=structure,
    )


@pytest.fixture
def news_item(conseiller, structure):
    return factories.NewsFactory(author=conseiller, title="Nouveaux horaires à Molières", structure=structure)

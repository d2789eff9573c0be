"""`load_fichiers_demo`: refused without DEBUG, one news item per category, valid files in the storage,
and a second run changes nothing."""

import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fichiers.demo import pdf_bytes
from fichiers.enums import NewsCategory
from fichiers.models import Document, FileVersion, News

pytestmark = pytest.mark.django_db


def test_refused_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG=1"):
        call_command("load_fichiers_demo")
    assert not News.objects.exists() and not Document.objects.exists()


def test_asks_for_the_demo_accounts_first(settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="load_demo"):
        call_command("load_fichiers_demo")
    assert not Document.objects.exists()


def test_loads_once_and_can_run_again(settings, stored_files, capsys):
    settings.DEBUG = True
    call_command("load_demo")
    call_command("load_fichiers_demo")
    assert "4 actualité(s) et 4 fichier(s)" in capsys.readouterr().out
    assert sorted(News.objects.values_list("category", flat=True)) == sorted(NewsCategory.values)
    assert all(news.author and news.author.email.endswith("@example.org") for news in News.objects.all())
    leaflet = Document.objects.get(title="Plaquette de la MSAP La Poste de Molières")
    assert leaflet.structure.slug == "msap-molieres"
    assert leaflet.news.get().category == NewsCategory.FRANCE_SERVICES
    kinds = sorted(FileVersion.objects.values_list("content_type", flat=True))
    assert kinds == ["application/pdf"] * 3 + ["image/png"]
    assert FileVersion.objects.get(content_type="image/png").thumbnail
    files = stored_files()

    call_command("load_fichiers_demo")
    assert "0 actualité(s) et 0 fichier(s)" in capsys.readouterr().out
    assert (News.objects.count(), Document.objects.count(), FileVersion.objects.count()) == (4, 4, 4)
    assert stored_files() == files


def test_pdf_cross_reference_table_points_at_each_object():
    content = pdf_bytes("Plaquette — Molières (essai)", ["Ligne \\ avec (parenthèses)"])
    assert content.startswith(b"%PDF-1.4") and content.endswith(b"%%EOF\n")
    xref = int(re.search(rb"startxref\n(\d+)\n", content).group(1))
    assert content[xref:].startswith(b"xref\n0 6\n")
    offsets = [int(offset) for offset in re.findall(rb"(\d{10}) 00000 n ", content)]
    for number, offset in enumerate(offsets, start=1):
        assert content[offset:].startswith(b"%d 0 obj\n" % number)
    length = int(re.search(rb"/Length (\d+)", content).group(1))
    stream = content.split(b"stream\n", 1)[1]
    assert stream[length:].startswith(b"\nendstream")
    assert b"Moli\xe8res \\(essai\\)" in content

"""`manage.py import_table`: every admin import from the command line, through the same reading."""

import io

import pytest
from django.core.management import CommandError, call_command

from annuaire.models import Commune
from tests.spreadsheet_files import csv_file, ods_file

pytestmark = pytest.mark.django_db

COMMUNES = [
    ["Code INSEE", "Nom", "CP", "Remarque"],
    [82001, "Albias", 82350, "x"],
    [82127, "Molières", 82220, ""],
]


def run(*args, stderr=None):
    out = io.StringIO()
    call_command("import_table", *args, stdout=out, stderr=stderr or io.StringIO())
    return out.getvalue()


def test_preview_writes_nothing_then_commit_imports(tmp_path):
    path = tmp_path / "communes.ods"
    path.write_bytes(ods_file(COMMUNES))

    out = run("annuaire.commune", str(path))
    assert "Colonnes inconnues, ignorées : « Remarque »" in out
    assert "Aperçu (rien n'est écrit" in out and "nouvelles : 2" in out
    assert not Commune.objects.exists()

    out = run("annuaire.commune", str(path), "--commit")
    assert "Importé — nouvelles : 2." in out
    assert dict(Commune.objects.values_list("insee_code", "name")) == {"82001": "Albias", "82127": "Molières"}


def test_a_bad_row_is_named_in_french_and_nothing_is_imported(tmp_path):
    path = tmp_path / "communes.csv"
    path.write_bytes(
        csv_file(
            [
                ["code_insee", "nom", "code_postal"],
                ["82001", "Albias", "82350"],
                ["31555", "Toulouse", "31000"],
            ]
        )
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match="Rien n'a été importé"):
        run("annuaire.commune", str(path), "--commit", stderr=err)
    assert (
        "Ligne 3, colonne « code_insee » : Un code INSEE de Tarn-et-Garonne commence par 82."
        in err.getvalue()
    )
    assert not Commune.objects.exists()


def test_unknown_model_and_unreadable_file_are_explained(tmp_path):
    path = tmp_path / "vieux.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    with pytest.raises(CommandError, match="Imports possibles : .*annuaire.commune.*extranet.user"):
        run("forum.post", str(path))
    with pytest.raises(CommandError, match="Excel 97-2003"):
        run("extranet.user", str(path))

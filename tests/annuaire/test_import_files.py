"""Every admin import reads the files offices really save: Excel's Windows-1252 CSV, UTF-8 with or
without a byte-order mark, XLSX with date and number cells, LibreOffice's ODS; headers as typed;
errors in French naming the file's row and column. One section per import."""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.urls import reverse

from annuaire.models import Commune, Structure
from extranet.models import User
from tests import factories
from tests.admin_imports import confirm, page_text, upload
from tests.spreadsheet_files import csv_file, ods_file, xlsx_file

pytestmark = pytest.mark.django_db


def realistic(rows, file_kind: str) -> tuple[bytes, str]:
    """The same rows saved by each office program; text files get text, as a CSV holds nothing else."""
    text_rows = [["" if cell is None else str(cell) for cell in row] for row in rows]
    return {
        "excel-csv": (csv_file(text_rows, encoding="cp1252"), "liste.csv"),
        "utf8-bom-csv": (csv_file(text_rows, encoding="utf-8", bom=True), "liste.csv"),
        "utf8-csv": (csv_file(text_rows, encoding="utf-8", delimiter=",", newline="\n"), "liste.csv"),
        "xlsx": (xlsx_file(rows), "liste.xlsx"),
        "ods": (ods_file(rows), "liste.ods"),
    }[file_kind]


FILE_KINDS = ["excel-csv", "utf8-bom-csv", "utf8-csv", "xlsx", "ods"]


# --- Authorised people (Utilisateurs › Importer) -------------------------------------------------------

PEOPLE_URL = "admin:extranet_user_import"
PEOPLE_CONFIRM_URL = "admin:extranet_user_process_import"
# Headers as a person types them, one unknown column, a phone number whose leading 0 Excel dropped.
PEOPLE = [
    ["E-mail", "Prénom", "Nom", "Rôle", "Fonction", "Téléphone", "Structure", "Partenaire", "Commentaire"],
    ["Helene.Feraud@example.org", "Hélène", "Féraud", "Conseiller", "Conseillère numérique", 563000001,
     "MSAP La Poste de Molières", None, "arrivée en mars"],
    ["bruno.leroy@example.org", "Bruno", "Leroy", "referent", None, None, None, "CAF", None],
]  # fmt: skip


@pytest.mark.parametrize("file_kind", FILE_KINDS)
def test_people_file_from_any_office_program_previews_then_imports(
    client, animateur, structure, partner, file_kind, django_capture_on_commit_callbacks
):
    client.force_login(animateur)
    content, name = realistic(PEOPLE, file_kind)

    preview = upload(client, PEOPLE_URL, content, name)

    text = page_text(preview)
    assert preview.status_code == 200
    assert "Colonne inconnue, ignorée : « Commentaire »" in text
    assert "Hélène" in text and "Féraud" in text and "Ã" not in text
    assert [row.import_type for row in preview.context["result"].valid_rows()] == ["new", "new"]
    assert not User.objects.filter(email="helene.feraud@example.org").exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = confirm(client, PEOPLE_CONFIRM_URL, preview)

    assert response.status_code == 302
    helene = User.objects.get(email="helene.feraud@example.org")
    assert (helene.first_name, helene.last_name) == ("Hélène", "Féraud")
    assert helene.phone == "0563000001"  # the column is a phone number: its leading 0 is back
    assert helene.memberships.get().structure == structure
    assert User.objects.get(email="bruno.leroy@example.org").memberships.get().partner == partner
    assert len(mail.outbox) == 2


def test_people_file_without_a_required_column_is_refused_in_french(client, animateur, structure):
    client.force_login(animateur)
    rows = [[cell for index, cell in enumerate(row) if index != 3] for row in PEOPLE]  # no « Rôle »

    preview = upload(client, PEOPLE_URL, csv_file(rows, encoding="utf-8"), "liste.csv")

    text = page_text(preview)
    assert "Colonne obligatoire absente du fichier : « role »" in text
    assert (
        "Colonnes attendues (majuscules, accents, espaces et tirets au choix) : email, prenom, nom, role"
        in text
    )
    assert "Traceback" not in text and "import_id_fields" not in text
    assert "confirm_form" not in preview.context
    assert not User.objects.filter(email="helene.feraud@example.org").exists()


def test_the_issue_s_utf8_semicolon_file_is_read(client, animateur, structure, partner):
    """It used to be read as one column: « …'import_id_fields' but are not present… » and a traceback."""
    client.force_login(animateur)
    rows = [["email", "prenom", "nom", "role", "structure", "partenaire"], PEOPLE[2][:4] + ["", "CAF"]]

    preview = upload(client, PEOPLE_URL, csv_file(rows, encoding="utf-8"), "liste.csv")

    assert [row.import_type for row in preview.context["result"].valid_rows()] == ["new"]


def test_a_bad_row_is_named_by_its_row_and_its_column_as_written(client, animateur, structure, partner):
    client.force_login(animateur)
    rows = [*PEOPLE, ["x@example.org", "X", "Y", "stagiaire", None, None, None, None, None]]

    preview = upload(client, PEOPLE_URL, xlsx_file(rows), "liste.xlsx")

    text = page_text(preview)
    assert "Ligne 4, colonne « Rôle » : Rôle « stagiaire » inconnu" in text
    assert "Traceback" not in text
    assert "confirm_form" not in preview.context


def test_a_file_that_is_not_a_spreadsheet_is_refused_in_french(client, animateur):
    client.force_login(animateur)
    preview = upload(client, PEOPLE_URL, b"\xd0\xcf\x11\xe0" + b"\0" * 200, "liste.xls")
    text = page_text(preview)
    assert "Excel 97-2003 (.xls), qui n'est pas lu" in text
    assert "UnicodeDecodeError" not in text and "encountered" not in text


def test_the_import_page_says_which_files_it_reads(client, animateur):
    client.force_login(animateur)
    text = page_text(client.get(reverse(PEOPLE_URL)))
    assert "CSV, Excel (.xlsx) ou LibreOffice (.ods), reconnu automatiquement" in text


# --- Yearly refresh: communes (Communes › Importer) ----------------------------------------------------

COMMUNES_URL = "admin:annuaire_commune_import"
COMMUNES_CONFIRM_URL = "admin:annuaire_commune_process_import"
# « insee_com » is the national lists' name for the code; codes and postal codes typed as numbers.
COMMUNES = [
    ["insee_com", "Nom", "Code postal"],
    [82001, "Albias", 82350],
    [82127, "Molières", 82220],
    [82045, "Castelsarrasin", 82100],
]


@pytest.mark.parametrize("file_kind", FILE_KINDS)
def test_communes_file_from_any_office_program_previews_then_imports(client, animateur, file_kind):
    client.force_login(animateur)
    content, name = realistic(COMMUNES, file_kind)

    preview = upload(client, COMMUNES_URL, content, name)

    assert [row.import_type for row in preview.context["result"].valid_rows()] == ["new"] * 3
    assert "Molières" in page_text(preview)
    confirm(client, COMMUNES_CONFIRM_URL, preview)
    assert dict(Commune.objects.values_list("insee_code", "name")) == {
        "82001": "Albias",
        "82127": "Molières",
        "82045": "Castelsarrasin",
    }
    assert Commune.objects.get(insee_code="82127").postal_code == "82220"


def test_a_commune_row_outside_the_department_names_its_row_and_column(client, animateur):
    client.force_login(animateur)
    rows = [["Code INSEE", "Nom", "CP"], [82001, "Albias", 82350], [31555, "Toulouse", 31000]]

    preview = upload(client, COMMUNES_URL, ods_file(rows), "communes.ods")

    text = page_text(preview)
    assert "Ligne 3, colonne « Code INSEE » : Un code INSEE de Tarn-et-Garonne commence par 82." in text
    assert not Commune.objects.filter(insee_code="82001").exists()


# --- Yearly refresh: structures, with a date cell and a phone number as a number ------------------------


@pytest.mark.parametrize("file_kind", ["xlsx", "ods", "excel-csv"])
def test_structures_file_with_a_date_cell_and_a_phone_number(client, animateur, file_kind):
    factories.CommuneFactory(insee_code="82127", name="Molières", postal_code="82220")
    client.force_login(animateur)
    labelled = dt.date(2021, 9, 1) if file_kind != "excel-csv" else "01/09/2021"  # as Excel saves a date
    rows = [
        ["Slug", "Nom", "Type", "Statut", "Labellisée le", "Commune", "Téléphone", "Visio", "Horaires"],
        ["molieres", "France Services de Molières", "fixe", "labellisee", labelled, 82127, 563000001, "oui",
         "lun 09:00-12:00"],
    ]  # fmt: skip
    content, name = realistic(rows, file_kind) if file_kind != "excel-csv" else (csv_file(rows), "s.csv")

    preview = upload(client, "admin:annuaire_structure_import", content, name)

    assert [row.import_type for row in preview.context["result"].valid_rows()] == ["new"], page_text(preview)
    confirm(client, "admin:annuaire_structure_process_import", preview)
    structure = Structure.objects.get(slug="molieres")
    assert structure.labelled_on == dt.date(2021, 9, 1)
    assert structure.phone == "05 63 00 00 01"
    assert structure.commune.name == "Molières"
    assert structure.has_visio is True
    assert LogEntry.objects.get_for_object(structure).filter(actor=animateur).exists()

"""The national list of France Services imported as published: admin preview and confirmation, the
command, matching, closings proposed, French errors naming row, column, value and what was expected."""

import datetime as dt
import io

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from auditlog.models import LogEntry
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from annuaire.enums import NationalFormat, StructureKind, StructureStatus
from annuaire.models import Commune, HoursChange, Structure
from tests import admin_imports, factories
from tests.admin_imports import page_text, upload
from tests.national_files import (
    ITINERANT,
    LAGUEPIE,
    MOLIERES,
    TOULOUSE,
    national_csv,
    national_rows,
)
from tests.spreadsheet_files import xlsx_file

pytestmark = pytest.mark.django_db

IMPORT_URL = "admin:annuaire_nationallistimport_import"
CONFIRM_URL = "admin:annuaire_nationallistimport_process_import"


def confirm(client, preview, **extra):
    return admin_imports.confirm(client, CONFIRM_URL, preview, **extra)


def preview_of(client, rows, name="liste-france-services.csv", **options):
    content = national_csv(rows, **options) if not name.endswith(".xlsx") else xlsx_file(rows)
    return upload(client, IMPORT_URL, content, name)


def hours(structure) -> list[tuple[int, str, str]]:
    return [(r.weekday, f"{r.opens:%H:%M}", f"{r.closes:%H:%M}") for r in structure.opening_hours.all()]


def test_whole_country_file_is_previewed_then_imported_with_nothing_lost(client, animateur):
    client.force_login(animateur)

    preview = preview_of(client, national_rows())

    text = page_text(preview)
    assert preview.status_code == 200
    assert "3 structures créées, 0 mise à jour, 0 inchangée, 2 lignes d'autres départements ignorées." in text
    assert "France Services de Molières (Molières) : nouvelle structure" in text
    assert "Toulouse" not in text and not Structure.objects.exists()

    response = confirm(client, preview)

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:annuaire_structure_changelist")
    molieres = Structure.objects.get(national_id="1234")
    assert molieres.name == "France Services de Molières"
    assert (molieres.address, molieres.address_complement) == (
        "2 place de la Mairie",
        "Bâtiment de l'ancienne poste",
    )
    # Full precision, as published: 17 significant digits, more than a float or SQLite's numbers keep.
    assert (molieres.latitude, molieres.longitude) == ("44.193017363456789", "1.364124057812345")
    assert molieres.appointment_booking is True
    assert molieres.national_comment == "Fermé le mercredi ; accès PMR par la rue de l'Église."
    assert (molieres.national_type, molieres.national_format, molieres.national_group) == (
        "France Services",
        NationalFormat.FIXED,
        "",
    )
    assert molieres.labelled_on == dt.date(2020, 1, 1)
    assert molieres.phone == "05 63 24 00 01" and molieres.email == "france-services@molieres.fr"
    assert molieres.status == StructureStatus.LABELLED and molieres.kind == StructureKind.FIXED
    assert (2, "09:00", "12:00") not in hours(molieres)  # closed on Wednesday
    assert (5, "09:00", "12:00") in hours(molieres)  # Saturday morning
    assert hours(molieres).count((4, "13:30", "16:30")) == 1
    assert Commune.objects.get(insee_code="82127").postal_code == "82220"

    itinerant = Structure.objects.get(national_id="1235")
    assert itinerant.kind == StructureKind.ITINERANT and itinerant.national_format == "Itinérante"
    assert itinerant.national_comment.startswith("Lundi : Montesquieu (semaines paires)")
    assert itinerant.appointment_booking is False
    assert Structure.objects.get(national_id="1236").appointment_booking is None
    assert not Structure.objects.filter(commune__insee_code="31555").exists()


def test_a_second_import_shows_each_change_old_to_new_and_the_unchanged(client, animateur):
    client.force_login(animateur)
    confirm(client, preview_of(client, national_rows(MOLIERES, ITINERANT, LAGUEPIE)))
    changed = {**MOLIERES, "h_mardi": "09:00 - 12:30", "mail": "accueil@molieres.fr"}

    preview = preview_of(client, national_rows(changed, ITINERANT, LAGUEPIE))

    text = page_text(preview)
    assert "0 structure créée, 1 mise à jour, 2 inchangées." in text
    [row] = [row for row in preview.context["result"].valid_rows() if row.import_type == "update"]
    assert [(c.column, c.old, c.new) for c in row.diff] == [
        ("mail", "france-services@molieres.fr", "accueil@molieres.fr"),
        ("h_mardi", "09:00 - 12:00 / 13:30 - 17:00", "09:00 - 12:30"),
    ]
    assert "Structures inchangées" in text and "MSAP La Poste de Laguépie" in text

    confirm(client, preview)

    molieres = Structure.objects.get(national_id="1234")
    assert [h for h in hours(molieres) if h[0] == 1] == [(1, "09:00", "12:30")]
    assert molieres.email == "accueil@molieres.fr"
    assert LogEntry.objects.get_for_object(molieres).filter(actor=animateur).exists()


def test_a_structure_without_id_fs_is_matched_once_by_commune_and_name(client, animateur):
    client.force_login(animateur)
    commune = factories.CommuneFactory(insee_code="82127", name="Molières", postal_code="82220")
    existing = factories.StructureFactory(name="FRANCE SERVICES DE MOLIERES", commune=commune)

    preview = preview_of(client, national_rows(MOLIERES))

    text = page_text(preview)
    assert "1 rattachée par commune et nom" in text
    assert "Rattachée à la fiche existante de même commune et de même nom" in text
    confirm(client, preview)
    existing.refresh_from_db()
    assert existing.national_id == "1234" and existing.name == "France Services de Molières"
    assert Structure.objects.count() == 1


def test_absent_structures_are_proposed_for_closing_and_closed_only_when_ticked(client, animateur):
    client.force_login(animateur)
    absent = factories.StructureFactory(name="France Services de Nègrepelisse")
    project = factories.StructureFactory(name="Projet de Verdun", status=StructureStatus.PROJECT)

    preview = preview_of(client, national_rows(MOLIERES))

    text = page_text(preview)
    assert "1 structure absente du fichier (fermeture proposée)" in text
    assert "Structures labellisées absentes du fichier" in text and "Nègrepelisse" in text
    assert "Projet de Verdun" not in text
    confirm(client, preview)
    absent.refresh_from_db()
    assert absent.status == StructureStatus.LABELLED  # not ticked: left as it was

    preview = preview_of(client, national_rows(MOLIERES))
    confirm(client, preview, close_absent="on")

    absent.refresh_from_db()
    project.refresh_from_db()
    assert absent.status == StructureStatus.CLOSED and Structure.objects.filter(pk=absent.pk).exists()
    assert project.status == StructureStatus.PROJECT
    entry = LogEntry.objects.get_for_object(absent).latest("timestamp")
    assert entry.actor == animateur and entry.changes_dict["status"] == ["labellisee", "fermee"]


def test_one_bad_cell_names_row_column_value_and_expectation_and_nothing_is_imported(client, animateur):
    client.force_login(animateur)
    bad = {**ITINERANT, "h_mardi": "9h-12h"}

    preview = preview_of(client, national_rows(TOULOUSE, MOLIERES, bad))

    text = page_text(preview)
    # Row 4 of the file: the header is row 1, Toulouse row 2 (ignored, but counted in the numbering).
    assert (
        "Ligne 4, colonne « h_mardi » : « 9h-12h » n'est pas une plage horaire ; "
        "attendu par exemple 09:00 - 12:00 / 13:30 - 17:00"
    ) in text
    assert "confirm_form" not in preview.context or preview.context["confirm_form"] is None
    assert not Structure.objects.exists() and not Commune.objects.exists()


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        (
            "prise_rdv",
            "Peut-être",
            "« Peut-être » n'est ni Oui ni Non ; attendu Oui, Non ou une cellule vide",
        ),
        (
            "labellisation_fs",
            "Labellisé en 2020",
            "« Labellisé en 2020 » n'est pas une date de labellisation ; attendu par exemple "
            "Espace labellisé 01/01/2020",
        ),
        (
            "format_fs",
            "Mobile",
            "« Mobile » n'est pas un format de la liste nationale ; attendu l'un de : Fixe,",
        ),
        ("latitude", "44.12.3", "« 44.12.3 » n'est pas une latitude ; attendu des degrés décimaux"),
        ("longitude", "1.1234567890123456", "« 1.1234567890123456 » n'est pas une longitude ; attendu"),
        ("telephone", "05 63", "« 05 63 » n'est pas un numéro de téléphone français ; attendu par exemple"),
        ("mail", "accueil.mairie.fr", "« accueil.mairie.fr » n'est pas une adresse e-mail ; attendu"),
        ("h_samedi", "12:00 - 09:00", "« 12:00 - 09:00 » a une plage qui finit avant de commencer"),
        (
            "h_lundi",
            "09:00 - 12:00 / 11:00 - 17:00",
            "« 09:00 - 12:00 / 11:00 - 17:00 » a des plages qui se chevauchent",
        ),
        ("insee_com", "31555", "« 31555 » n'est pas le code INSEE d'une commune de Tarn-et-Garonne"),
        ("id_fs", "", "« » n'est pas un identifiant de la liste nationale"),
    ],
)
def test_each_unreadable_value_is_refused_never_guessed(client, animateur, column, value, expected):
    client.force_login(animateur)
    row = {**MOLIERES, column: value}
    if column == "insee_com":
        row["insee_dep"] = "82"

    text = page_text(preview_of(client, national_rows(row)))

    assert f"Ligne 2, colonne « {column} » : {expected}" in text
    assert not Structure.objects.exists()


def test_columns_in_another_order_without_the_optional_ones_and_semicolons(client, animateur):
    client.force_login(animateur)
    columns = [
        "lib_fs", "id_fs", "insee_com", "lib_com", "code_postal", "adresse", "latitude", "longitude",
        "telephone", "mail", "h_samedi", "h_vendredi", "h_jeudi", "h_mercredi", "h_mardi", "h_lundi",
        "labellisation_fs", "format_fs", "prise_rdv", "commentaire",
    ]  # fmt: skip

    preview = preview_of(client, national_rows(MOLIERES, TOULOUSE, columns=columns), delimiter=";")

    assert "1 structure créée" in page_text(preview)
    confirm(client, preview)
    molieres = Structure.objects.get(national_id="1234")
    assert (5, "09:00", "12:00") in hours(molieres) and molieres.address_complement == ""


def test_a_missing_column_is_named(client, animateur):
    client.force_login(animateur)
    columns = [column for column in national_rows()[0] if column != "h_samedi"]

    text = page_text(preview_of(client, national_rows(MOLIERES, columns=columns)))

    assert "Colonne obligatoire absente du fichier : « h_samedi »" in text


def test_xlsx_with_number_cells_is_read_as_published(client, animateur):
    client.force_login(animateur)
    rows = national_rows(MOLIERES)
    header = rows[0]
    values = dict(zip(header, rows[1], strict=True))
    values.update(
        id_fs=1234, insee_dep=82, insee_com=82127, code_postal=82220, latitude=44.1930173, telephone=563240001
    )
    preview = upload(client, IMPORT_URL, xlsx_file([header, [values[c] for c in header]]), "liste.xlsx")

    confirm(client, preview)

    molieres = Structure.objects.get(national_id="1234")
    assert (molieres.latitude, molieres.phone) == ("44.1930173", "05 63 24 00 01")


def test_a_file_without_any_structure_of_tarn_et_garonne_is_refused(client, animateur):
    client.force_login(animateur)
    factories.StructureFactory(name="France Services de Nègrepelisse")

    text = page_text(preview_of(client, national_rows(TOULOUSE)))

    assert "Le fichier ne contient aucune France Services de Tarn-et-Garonne (1 lignes" in text
    assert Structure.objects.get().status == StructureStatus.LABELLED


def test_only_staff_allowed_to_change_structures_may_import(client, conseiller, pilotage):
    content = national_csv(national_rows(MOLIERES))
    for user in (conseiller, pilotage):
        client.force_login(user)
        response = upload(client, IMPORT_URL, content, "liste.csv")
        assert response.status_code == 302 and "login" in response["Location"]
    staff = factories.UserFactory(is_staff=True, email="stagiaire@example.org")
    TOTP.activate(staff, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    client.force_login(staff)
    assert upload(client, IMPORT_URL, content, "liste.csv").status_code == 403
    staff.user_permissions.add(Permission.objects.get(codename="change_structure"))
    assert upload(client, IMPORT_URL, content, "liste.csv").status_code == 200
    assert not Structure.objects.filter(national_id="1234").exists()  # a preview only


def test_the_admin_entry_opens_the_import(client, animateur):
    client.force_login(animateur)
    response = client.get(reverse("admin:annuaire_nationallistimport_changelist"))
    assert response["Location"] == reverse(IMPORT_URL)
    assert "Liste nationale des France Services (import)" in page_text(client.get(reverse("admin:index")))


# --- manage.py import_france_services -------------------------------------------------------------


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_france_services", *args, stdout=out, stderr=err)
    finally:
        run.stderr = err.getvalue()
    return out.getvalue()


def test_command_previews_in_french_then_commits_and_closes_on_request(tmp_path):
    path = tmp_path / "liste.csv"
    path.write_bytes(national_csv(national_rows()))
    absent = factories.StructureFactory(name="France Services de Nègrepelisse")

    out = run(str(path))
    assert "Nouvelle structure : France Services de Molières (Molières)" in out
    assert "  h_samedi : « 09:00 - 12:00 »" in out
    assert "Structure absente du fichier : France Services de Nègrepelisse" in out
    assert "Aperçu (rien n'est écrit" in out and "2 lignes d'autres départements ignorées" in out
    assert Structure.objects.count() == 1

    out = run(str(path), "--commit")
    assert "Importé — 3 structures créées" in out and "(laissée ouverte)" in out
    assert Structure.objects.count() == 4

    path.write_bytes(national_csv(national_rows({**MOLIERES, "h_samedi": ""}, ITINERANT, LAGUEPIE)))
    out = run(str(path), "--commit", "--close-absent")
    assert "  h_samedi : « 09:00 - 12:00 » → (vide)" in out
    assert "Structure fermée : France Services de Nègrepelisse" in out
    absent.refresh_from_db()
    assert absent.status == StructureStatus.CLOSED


def test_command_names_the_bad_cell_and_imports_nothing(tmp_path):
    path = tmp_path / "liste.csv"
    path.write_bytes(national_csv(national_rows(MOLIERES, {**LAGUEPIE, "h_mardi": "9h-12h"})))

    with pytest.raises(CommandError, match="Rien n'a été importé"):
        run(str(path), "--commit")

    assert "Ligne 3, colonne « h_mardi » : « 9h-12h » n'est pas une plage horaire" in run.stderr
    assert not Structure.objects.exists()


def test_changed_hours_are_told_to_the_partners_present_once_committed(
    client, animateur, partner, referent, django_capture_on_commit_callbacks
):
    client.force_login(animateur)
    confirm(client, preview_of(client, national_rows(MOLIERES, ITINERANT)))
    molieres = Structure.objects.get(national_id="1234")
    molieres.partners.set([partner])
    changed = national_rows({**MOLIERES, "h_samedi": ""}, ITINERANT)

    with django_capture_on_commit_callbacks(execute=True):
        preview = preview_of(client, changed)
    assert mail.outbox == [] and not HoursChange.objects.exists()  # a preview tells nobody

    with django_capture_on_commit_callbacks(execute=True):
        confirm(client, preview)

    [change] = HoursChange.objects.all()
    assert change.structure == molieres and change.changed_by == animateur
    [message] = [m for m in mail.outbox if m.to == [referent.email]]
    assert "France Services de Molières" in message.body

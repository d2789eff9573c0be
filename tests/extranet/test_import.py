"""Admin import of the list of authorised people (CSV or XLSX), all or nothing, with invitations."""

import io
import re

import pytest
import tablib
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from annuaire.models import Membership
from annuaire.resources import AuthorisedPersonResource
from extranet.enums import Role
from extranet.models import User
from tests.factories import StructureFactory

HEADERS = ["email", "prenom", "nom", "role", "fonction", "telephone", "structure", "partenaire"]
GOOD_ROWS = [
    ["Alice.Dupont@example.org", "Alice", "Dupont", "conseiller", "Conseillère", "05 63 00 00 01",
     "MSAP La Poste de Molières", ""],
    ["bruno.leroy@example.org", "Bruno", "Leroy", "Référent d'un partenaire", "", "", "", "CAF"],
    ["chloe.garcia@example.org", "Chloé", "Garcia", "pilotage", "Chargée de mission", "", "", ""],
]  # fmt: skip


def csv_bytes(rows) -> bytes:
    dataset = tablib.Dataset(*rows, headers=HEADERS)
    return dataset.export("csv").encode()


def xlsx_bytes(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run_import(rows, *, actor=None, dry_run=False):
    dataset = tablib.Dataset(*rows, headers=HEADERS)
    with set_actor(actor):
        return AuthorisedPersonResource().import_data(dataset, dry_run=dry_run, raise_errors=False)


@pytest.fixture
def directory(structure, partner):
    """The structure and the partner that GOOD_ROWS name."""
    return structure, partner


def admin_import(client, content: bytes, file_name: str):
    """Upload a file on the admin import page; return the preview response."""
    upload = SimpleUploadedFile(file_name, content)
    # One format: the kind of file is found from its content.
    return client.post(
        reverse("admin:extranet_user_import"), {"import_file": upload, "format": "0", "resource": "0"}
    )


def confirm_import(client, preview):
    data = dict(preview.context["confirm_form"].initial)
    return client.post(reverse("admin:extranet_user_process_import"), data)


def test_good_file_creates_accounts_with_role_and_attachment(directory, django_capture_on_commit_callbacks):
    structure, partner = directory

    with django_capture_on_commit_callbacks(execute=True):
        result = run_import(GOOD_ROWS)

    assert not result.has_errors() and not result.has_validation_errors()
    alice = User.objects.get(email="alice.dupont@example.org")
    assert (alice.first_name, alice.last_name, alice.role, alice.phone) == (
        "Alice", "Dupont", Role.CONSEILLER, "05 63 00 00 01"
    )  # fmt: skip
    assert not alice.has_usable_password()
    assert Membership.objects.get(user=alice).structure == structure
    bruno = User.objects.get(email="bruno.leroy@example.org")
    assert bruno.role == Role.REFERENT
    assert Membership.objects.get(user=bruno).partner == partner
    chloe = User.objects.get(email="chloe.garcia@example.org")
    assert chloe.role == Role.PILOTAGE
    assert not Membership.objects.filter(user=chloe).exists()
    assert sorted(message.to[0] for message in mail.outbox) == [
        "alice.dupont@example.org",
        "bruno.leroy@example.org",
        "chloe.garcia@example.org",
    ]


def test_invitations_wait_for_the_commit(directory, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run_import(GOOD_ROWS)

    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 3


def test_dry_run_creates_nothing_and_sends_nothing(directory, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = run_import(GOOD_ROWS, dry_run=True)

    assert [row.import_type for row in result.rows] == ["new", "new", "new"]
    assert not User.objects.filter(
        email__in=["alice.dupont@example.org", "chloe.garcia@example.org"]
    ).exists()
    assert mail.outbox == []


def test_reimporting_the_same_file_changes_nothing(directory, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run_import(GOOD_ROWS)
    entries, users, memberships = LogEntry.objects.count(), User.objects.count(), Membership.objects.count()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        result = run_import(GOOD_ROWS)

    assert [row.import_type for row in result.rows] == ["skip", "skip", "skip"]
    assert LogEntry.objects.count() == entries
    assert (User.objects.count(), Membership.objects.count()) == (users, memberships)
    assert mail.outbox == []


def test_reimport_updates_a_changed_row_without_a_new_invitation(
    directory, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run_import(GOOD_ROWS)
    mail.outbox.clear()
    changed = [list(row) for row in GOOD_ROWS]
    changed[2][4] = "Directrice de projet"

    with django_capture_on_commit_callbacks(execute=True):
        result = run_import(changed)

    assert [row.import_type for row in result.rows] == ["skip", "skip", "update"]
    assert User.objects.get(email="chloe.garcia@example.org").job_title == "Directrice de projet"
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("bad_row", "field", "reason"),
    [
        (["x@example.org", "X", "Y", "stagiaire", "", "", "", ""], "role", "Rôle « stagiaire » inconnu"),
        (
            ["x@example.org", "X", "Y", "conseiller", "", "", "MSAP de Nulle-Part", ""],
            "structure",
            "Structure « MSAP de Nulle-Part » introuvable",
        ),
        (
            ["x@example.org", "X", "Y", "referent", "", "", "", "Inconnu"],
            "partner",
            "Partenaire « Inconnu » introuvable",
        ),
        (
            ["pas-une-adresse", "X", "Y", "pilotage", "", "", "", ""],
            "email",
            "Saisissez une adresse de courriel valide.",
        ),
    ],
)
def test_a_bad_row_imports_nothing_and_names_the_row_and_the_reason(
    directory, django_capture_on_commit_callbacks, bad_row, field, reason
):
    rows = [*GOOD_ROWS[:2], bad_row, GOOD_ROWS[2]]

    with django_capture_on_commit_callbacks(execute=True):
        result = run_import(rows)

    assert result.has_validation_errors() or result.has_errors()
    assert not User.objects.filter(
        email__in=["alice.dupont@example.org", "chloe.garcia@example.org"]
    ).exists()
    assert not User.objects.filter(email__in=["x@example.org", "pas-une-adresse"]).exists()
    assert mail.outbox == []
    [invalid] = result.invalid_rows
    assert invalid.number == 4  # the file's row: the header is row 1
    messages = " ".join(str(error) for errors in invalid.error_dict.values() for error in errors)
    assert field in invalid.field_specific_errors or field in invalid.error_dict
    assert reason in messages


def test_admin_import_of_a_csv_file_end_to_end(
    client, animateur, directory, django_capture_on_commit_callbacks
):
    client.force_login(animateur)

    preview = admin_import(client, csv_bytes(GOOD_ROWS), "personnes.csv")
    assert preview.status_code == 200
    assert "alice.dupont@example.org" in preview.content.decode()
    assert not User.objects.filter(email="alice.dupont@example.org").exists()  # only a preview
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        response = confirm_import(client, preview)

    assert response.status_code == 302
    alice = User.objects.get(email="alice.dupont@example.org")
    assert Membership.objects.get(user=alice).structure.name == "MSAP La Poste de Molières"
    assert len(mail.outbox) == 3
    # Every created account is in the audit log, with the CCI agent as the actor.
    entries = LogEntry.objects.get_for_object(alice)
    assert entries.filter(action=LogEntry.Action.CREATE, actor=animateur).exists()


def test_admin_import_of_an_xlsx_file(client, animateur, directory, django_capture_on_commit_callbacks):
    client.force_login(animateur)

    preview = admin_import(client, xlsx_bytes(GOOD_ROWS), "personnes.xlsx")
    assert preview.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        confirm_import(client, preview)

    assert (
        User.objects.filter(
            email__in=["alice.dupont@example.org", "bruno.leroy@example.org", "chloe.garcia@example.org"]
        ).count()
        == 3
    )
    assert len(mail.outbox) == 3


def test_admin_reimport_reports_skipped_rows(
    client, animateur, directory, django_capture_on_commit_callbacks
):
    client.force_login(animateur)
    with django_capture_on_commit_callbacks(execute=True):
        confirm_import(client, admin_import(client, csv_bytes(GOOD_ROWS), "personnes.csv"))
    entries = LogEntry.objects.count()
    mail.outbox.clear()

    preview = admin_import(client, csv_bytes(GOOD_ROWS), "personnes.csv")
    assert [row.import_type for row in preview.context["result"].valid_rows()] == ["skip"] * 3
    with django_capture_on_commit_callbacks(execute=True):
        confirm_import(client, preview)

    assert LogEntry.objects.count() == entries
    assert mail.outbox == []


def test_admin_import_with_a_bad_row_shows_the_row_and_reason_and_cannot_be_confirmed(
    client, animateur, directory
):
    client.force_login(animateur)
    rows = [*GOOD_ROWS, ["x@example.org", "X", "Y", "conseiller", "", "", "MSAP de Nulle-Part", ""]]

    response = admin_import(client, csv_bytes(rows), "personnes.csv")

    assert response.status_code == 200
    content = re.sub(r"\s+", " ", response.content.decode())
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None
    assert "Structure « MSAP de Nulle-Part » introuvable dans l&#x27;annuaire." in content
    [invalid] = response.context["result"].invalid_rows
    assert invalid.number == 5
    assert not User.objects.filter(email="alice.dupont@example.org").exists()


def test_a_row_that_became_invalid_before_confirmation_imports_nothing(
    client, animateur, directory, django_capture_on_commit_callbacks
):
    structure, _partner = directory
    client.force_login(animateur)
    preview = admin_import(client, csv_bytes(GOOD_ROWS), "personnes.csv")
    structure.delete()  # meanwhile, someone removes the structure the first row names

    with django_capture_on_commit_callbacks(execute=True):
        confirm_import(client, preview)

    assert not User.objects.filter(
        email__in=["alice.dupont@example.org", "bruno.leroy@example.org", "chloe.garcia@example.org"]
    ).exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("row", "held", "wanted"),
    [
        # A counsellor's address on a partner's row: they would become the CAF's referent.
        (
            ["alice.dupont@example.org", "Alice", "Dupont", "referent", "", "", "", "CAF"],
            "Conseiller France Services de «\u00a0MSAP La Poste de Molières\u00a0»",
            "Référent d'un partenaire de «\u00a0CAF\u00a0»",
        ),
        # The same role at another structure.
        (
            ["alice.dupont@example.org", "Alice", "Dupont", "conseiller", "", "", "MSAP de Laguépie", ""],
            "Conseiller France Services de «\u00a0MSAP La Poste de Molières\u00a0»",
            "Conseiller France Services de «\u00a0MSAP de Laguépie\u00a0»",
        ),
        # Another role without attachment.
        (
            ["alice.dupont@example.org", "Alice", "Dupont", "pilotage", "", "", "", ""],
            "Conseiller France Services de «\u00a0MSAP La Poste de Molières\u00a0»",
            "Pilotage (Département, Préfecture)",
        ),
    ],
)
def test_a_row_never_moves_an_existing_account_elsewhere(
    directory, django_capture_on_commit_callbacks, row, held, wanted
):
    StructureFactory(name="MSAP de Laguépie")
    with django_capture_on_commit_callbacks(execute=True):
        run_import(GOOD_ROWS[:1])
    mail.outbox.clear()
    alice = User.objects.get(email="alice.dupont@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        result = run_import([row, GOOD_ROWS[2]])

    [invalid] = result.invalid_rows
    assert invalid.number == 2  # the file's row: the header is row 1
    [message] = invalid.error_dict["email"]
    assert message.startswith(
        "Colonne «\u00a0email\u00a0»\u00a0: l'adresse alice.dupont@example.org est celle d'un compte existant"
    )
    assert held in message and wanted in message
    # Nothing applied: the account keeps its role and structure, the other row is not imported.
    alice.refresh_from_db()
    assert alice.role == Role.CONSEILLER
    assert [m.structure.name for m in Membership.objects.filter(user=alice)] == ["MSAP La Poste de Molières"]
    assert not User.objects.filter(email="chloe.garcia@example.org").exists()
    assert mail.outbox == []


def test_the_admin_preview_shows_the_conflict_and_cannot_be_confirmed(
    client, animateur, directory, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run_import(GOOD_ROWS[:1])
    client.force_login(animateur)
    row = ["alice.dupont@example.org", "Alice", "Dupont", "referent", "", "", "", "CAF"]

    response = admin_import(client, csv_bytes([GOOD_ROWS[2], row]), "personnes.csv")

    assert response.status_code == 200
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None
    [invalid] = response.context["result"].invalid_rows
    assert invalid.number == 3
    content = re.sub(r"\s+", " ", response.content.decode())
    # (the normalised content has the non-breaking space before the colon turned into a space)
    assert "Colonne « email » : l&#x27;adresse alice.dupont@example.org est celle d&#x27;un compte" in content
    assert User.objects.get(email="alice.dupont@example.org").role == Role.CONSEILLER


def test_a_row_may_update_the_details_of_an_account_at_the_same_place(
    directory, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run_import(GOOD_ROWS)
    changed = [list(row) for row in GOOD_ROWS]
    changed[0][4] = "Conseillère référente"

    result = run_import(changed)

    assert not result.has_validation_errors()
    assert User.objects.get(email="alice.dupont@example.org").job_title == "Conseillère référente"

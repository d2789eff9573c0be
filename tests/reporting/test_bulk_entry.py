"""The CCI's bulk entry of a quarter: a table in, the same table out, all or nothing, French errors."""

import io

import pytest
from django.urls import reverse

from extranet.spreadsheets.imports import import_table_file
from reporting.enums import ReportStatus
from reporting.models import QuarterlyReport
from reporting.resources import QuarterFiguresResource
from tests import factories

HEADER = "Structure;Année;Trimestre;Personnes reçues;Demandes traitées;Niveau 2;Orientations MDS;" + (
    "Accompagnements individuels;Ateliers collectifs;Demandes CAF;Remarques"
)


def csv(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode()


@pytest.fixture
def other(db):
    return factories.StructureFactory(name="France Services de Caussade")


def test_a_quarter_is_imported_for_every_structure(structure, other, partner):
    content = csv(
        "MSAP La Poste de Molières;2026;2;120;90;4;2;10;1;30;",
        "France Services de Caussade;2026;2;80;60;1;0;5;0;12;Fermé 2 semaines",
    )

    result = import_table_file(QuarterFiguresResource(), content, dry_run=False)

    assert not result.has_errors() and not result.has_validation_errors()
    report = QuarterlyReport.objects.get(structure=other)
    assert report.status == ReportStatus.SUBMITTED and report.people_received == 80
    assert report.remarks == "Fermé 2 semaines"
    assert report.partner_lines.get(partner=partner).requests == 12


def test_one_bad_row_imports_nothing_and_names_its_row_and_column(structure, other, partner):
    content = csv(
        "MSAP La Poste de Molières;2026;2;120;90;4;2;10;1;30;",
        "France Services de Caussade;2026;2;quatre-vingts;60;1;0;5;0;12;",
        "Structure inconnue;2026;2;1;1;0;0;0;0;0;",
        "MSAP La Poste de Molières;2026;3;10;5;0;0;0;0;9;",
    )

    result = import_table_file(QuarterFiguresResource(), content, dry_run=False)

    messages = result.spreadsheet.messages
    assert any(m.startswith("Ligne 3, colonne « Personnes reçues »") for m in messages), messages
    assert any(m.startswith("Ligne 4, colonne « Structure »") and "introuvable" in m for m in messages)
    assert any(m.startswith("Ligne 5") and "dépassent les demandes traitées (5)" in m for m in messages)
    assert not QuarterlyReport.objects.exists()


def test_a_submitted_report_is_not_replaced(structure, partner):
    factories.QuarterlyReportFactory(structure=structure, submitted=True)

    result = import_table_file(
        QuarterFiguresResource(), csv("MSAP La Poste de Molières;2026;2;1;1;0;0;0;0;0;"), dry_run=False
    )

    assert any("déjà transmis" in m for m in result.spreadsheet.messages)
    assert QuarterlyReport.objects.get().people_received == 100


def test_the_export_has_the_import_s_columns_and_imports_back(structure, partner):
    factories.QuarterlyReportFactory(structure=structure, partners={partner: 7})
    resource = QuarterFiguresResource()

    dataset = resource.export()

    assert dataset.headers == HEADER.split(";")
    assert list(dataset[0]) == [
        "MSAP La Poste de Molières",
        "2026",
        "2",
        "100",
        "80",
        "5",
        "3",
        "20",
        "2",
        "7",
        "",
    ]


def test_the_cci_imports_through_the_admin_with_a_preview(client, animateur, structure, partner):
    client.force_login(animateur)
    upload = io.BytesIO(csv("MSAP La Poste de Molières;2026;2;120;90;4;2;10;1;30;"))
    upload.name = "t2.csv"

    response = client.post(
        reverse("admin:reporting_quarterlyreport_import"),
        {"import_file": upload, "format": "0", "resource": "0"},
    )

    assert response.status_code == 200
    assert "Aperçu" in response.content.decode()
    assert not QuarterlyReport.objects.exists()  # nothing before the confirmation

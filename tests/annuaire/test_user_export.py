"""The admin's export of authorised people neutralises spreadsheet formulae, and imports back as is."""

import csv
import io

import openpyxl
import pytest
from auditlog.models import LogEntry
from django.contrib import admin

from annuaire.resources import AuthorisedPersonResource
from extranet.models import User
from tests import factories

FORMULA = '=HYPERLINK("http://example.org")'


@pytest.fixture
def person(structure):
    return factories.counsellor(structure=structure, job_title=FORMULA, email="formule@example.org")


def export_formats():
    return {fmt().get_title(): fmt() for fmt in admin.site._registry[User].get_export_formats()}


def test_user_admin_offers_only_the_formula_safe_formats():
    assert sorted(export_formats()) == ["csv", "ods", "xlsx"]
    assert all(type(fmt).__module__ == "extranet.spreadsheets.imports" for fmt in export_formats().values())


def test_csv_export_of_people_neutralises_formulae(person):
    data = export_formats()["csv"].export_data(AuthorisedPersonResource().export())
    cells = [cell for row in csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";") for cell in row]
    assert "'" + FORMULA in cells
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@"))]


def test_xlsx_export_of_people_neutralises_formulae(person):
    data = export_formats()["xlsx"].export_data(AuthorisedPersonResource().export())
    cells = [cell for row in openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows() for cell in row]
    assert not [cell for cell in cells if cell.data_type == "f"]
    assert "'" + FORMULA in [cell.value for cell in cells]


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "ods"])
def test_an_exported_file_imports_back_unchanged(person, file_format):
    fmt = export_formats()[file_format]
    data = fmt.export_data(AuthorisedPersonResource().export())
    logged = LogEntry.objects.count()
    result = AuthorisedPersonResource().import_data(fmt.create_dataset(data), dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert {row.import_type for row in result.rows} == {"skip"}  # the round trip changes nothing
    assert LogEntry.objects.count() == logged
    person.refresh_from_db()
    assert person.job_title == FORMULA

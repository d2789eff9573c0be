"""The yearly refresh file read as people write it: French dates, Excel date cells, coordinates of any
precision, and errors naming the file's row and the user's column, in French."""

import datetime as dt
import io

import pytest
import tablib
from openpyxl import Workbook

from annuaire.models import Structure
from annuaire.refresh.resources import StructureResource
from extranet.spreadsheets.imports import import_table_file
from tests import factories

pytestmark = pytest.mark.django_db

HEADERS = ["Slug", "Nom", "Commune", "Labellisée le", "Latitude", "Longitude"]


@pytest.fixture
def commune():
    return factories.CommuneFactory(insee_code="82127", name="Molières", postal_code="82220")


def run(rows, headers=HEADERS):
    dataset = tablib.Dataset(*rows, headers=headers)
    return StructureResource().import_data(dataset, dry_run=False, raise_errors=False)


def row(**changes):
    values = {
        "slug": "msap-molieres",
        "name": "MSAP de Molières",
        "commune": "82127",
        "labelled_on": "01/02/2020",
        "latitude": "44.1930000",
        "longitude": "1.3640000",
    }
    return list((values | changes).values())


def test_a_french_date_and_coordinates_of_any_precision(commune):
    result = run([row(latitude="44.193012345678912", longitude="1,364987654321")])

    assert not result.has_validation_errors(), result.spreadsheet.messages
    structure = Structure.objects.get()
    assert structure.labelled_on == dt.date(2020, 2, 1)
    # Kept as written, every decimal (annuaire.fields.CoordinateField), a comma read as the point.
    assert (structure.latitude, structure.longitude) == ("44.193012345678912", "1.364987654321")


def test_an_iso_date_and_whole_coordinates_too(commune):
    result = run([row(labelled_on="2020-02-01", latitude="44", longitude="1")])

    assert not result.has_validation_errors(), result.spreadsheet.messages
    assert Structure.objects.get().labelled_on == dt.date(2020, 2, 1)


def test_excel_date_and_number_cells(commune):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    sheet.append(
        ["msap-molieres", "MSAP de Molières", 82127, dt.datetime(2020, 2, 1), 44.19301234567891, 1.5]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)

    result = import_table_file(StructureResource(), buffer.getvalue(), dry_run=False)

    assert not result.has_validation_errors(), result.spreadsheet.messages
    structure = Structure.objects.get()
    assert structure.labelled_on == dt.date(2020, 2, 1)


@pytest.mark.parametrize(
    ("changes", "column", "expected"),
    [
        ({"labelled_on": "31/02/2020"}, "Labellisée le", "JJ/MM/AAAA"),
        ({"labelled_on": "le 3 mars"}, "Labellisée le", "JJ/MM/AAAA"),
    ],
)
def test_a_bad_cell_is_named_by_row_and_column_in_french(commune, changes, column, expected):
    result = run([row(slug="autre", name="Autre structure"), row(**changes)])

    assert result.has_validation_errors()
    messages = result.spreadsheet.messages
    assert all(message.startswith(f"Ligne 3, colonne « {column} » : ") for message in messages)
    assert any(expected in message for message in messages), messages
    assert not Structure.objects.exists()

"""Yearly refresh: export and re-import of the directory on natural keys (annuaire.refresh.resources)."""

import datetime as dt
import io

import openpyxl
import pytest
import tablib
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import engines
from django.urls import reverse
from import_export.formats.base_formats import CSV, XLSX

from annuaire.models import (
    Commune,
    Domain,
    ExceptionalClosure,
    Membership,
    OpeningHours,
    Partner,
    Permanence,
    Referent,
    Structure,
)
from annuaire.refresh import schedule_text
from annuaire.refresh.resources import (
    IMPORT_ORDER,
    CommuneResource,
    PermanenceResource,
    ReferentResource,
    StructureResource,
)
from extranet.spreadsheets.imports import SafeCSV, SafeODS, SafeXLSX
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(referent):
    """One of everything, with awkward values: a formula, a leading '+' and '-', accents, hours."""
    commune = factories.CommuneFactory(insee_code="82127", name="Molières", postal_code="82220")
    caf = Partner.objects.get(slug="caf")
    cpam = factories.PartnerFactory(name="Caisse primaire d'assurance maladie", acronym="CPAM", slug="cpam")
    structure = factories.StructureFactory(
        name="MSAP La Poste de Molières",
        slug="molieres",
        commune=commune,
        phone="05 63 00 00 01",
        address='=HYPERLINK("http://example.org")',
        manager_name="+ La Poste",
        latitude="44.193000",
        longitude="-1.364000",
        has_visio=True,
        labelled_on=dt.date(2020, 1, 1),
    )
    structure.partners.set([caf, cpam])
    for weekday, opens, closes in [(0, 9, 12), (0, 14, 17), (2, 9, 12)]:
        OpeningHours.objects.create(
            structure=structure, weekday=weekday, opens=dt.time(opens), closes=dt.time(closes)
        )
    ExceptionalClosure.objects.create(
        structure=structure, starts_on=dt.date(2026, 12, 24), ends_on=dt.date(2026, 12, 26), reason="Noël"
    )
    domain = Domain.objects.create(name="Prestations familiales", slug="prestations-familiales")
    person = Referent.objects.create(
        partner=caf, full_name="Camille Exemple", function="@référente", phone="05 63 00 00 02",
        email="camille@example.org", territory="-Nord du département",
    )  # fmt: skip
    person.domains.set([domain])
    person.structures.set([structure])
    Permanence.objects.create(
        partner=caf, structure=structure, recurrence="mensuelle", weekday=1, weeks_of_month="2,4",
        starts_at=dt.time(9), ends_at=dt.time(12), notes="Sur rendez-vous",
    )  # fmt: skip
    return structure


def snapshot() -> dict:
    """The directory's content, by natural keys only (no database id anywhere)."""
    return {resource.__name__: sorted(tuple(row) for row in resource().export()) for resource in IMPORT_ORDER}


def export_all(file_format) -> dict:
    return {resource: file_format.export_data(resource().export()) for resource in IMPORT_ORDER}


def import_file(resource_class, file_format, data, **kwargs):
    return resource_class().import_data(file_format.create_dataset(data), **kwargs)


def wipe_directory():
    # Memberships first: they are accounts' data, not part of the directory files.
    for model in (Membership, Permanence, Referent, Structure, Domain, Partner, Commune):
        model.objects.all().delete()


@pytest.mark.parametrize("file_format", [SafeCSV(), SafeXLSX(), SafeODS()], ids=["csv", "xlsx", "ods"])
def test_export_imports_back_into_an_empty_directory(directory, file_format):
    before = snapshot()
    old_ids = set(Structure.objects.values_list("pk", flat=True))
    files = export_all(file_format)
    wipe_directory()
    for resource_class in IMPORT_ORDER:
        result = import_file(resource_class, file_format, files[resource_class])
        assert not result.has_errors() and not result.has_validation_errors(), resource_class
    assert snapshot() == before
    structure = Structure.objects.get(slug="molieres")
    assert structure.pk not in old_ids  # keyed on slugs, not ids
    week = schedule_text.format_week(structure.opening_hours.all())
    assert week == "lun 09:00-12:00 14:00-17:00; mer 09:00-12:00"
    assert structure.address.startswith("=HYPERLINK")
    # The account's record comes back tied to the account, the other one without.
    assert Referent.objects.get(user__email="referent@example.org").user.role == "referent"
    assert Referent.objects.get(full_name="Camille Exemple").user is None


@pytest.mark.parametrize("file_format", [SafeCSV(), SafeXLSX(), SafeODS()], ids=["csv", "xlsx", "ods"])
def test_reimporting_an_export_changes_nothing(directory, file_format):
    files = export_all(file_format)
    logged = LogEntry.objects.count()
    for resource_class in IMPORT_ORDER:
        result = import_file(resource_class, file_format, files[resource_class])
        assert {row.import_type for row in result.rows} == {"skip"}, resource_class
    assert LogEntry.objects.count() == logged


def csv_text(resource_class) -> str:
    """The CSV export as text (UTF-8 with a byte-order mark, `;` between cells)."""
    data = SafeCSV().export_data(resource_class().export())
    assert data.startswith(b"\xef\xbb\xbf")
    return data.decode("utf-8-sig")


def import_csv_text(resource_class, text: str, **kwargs):
    return import_file(resource_class, SafeCSV(), text.encode("utf-8-sig"), **kwargs)


def csv_cells(data) -> list[str]:
    if isinstance(data, bytes):
        data = data.decode("utf-8-sig")
    return [cell for row in tablib.Dataset().load(data, format="csv", delimiter=";") for cell in row]


def xlsx_cells(data: bytes) -> list:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    return [cell for row in sheet.iter_rows(min_row=2) for cell in row]


def test_csv_export_neutralises_formulae(directory):
    cells = csv_cells(SafeCSV().export_data(StructureResource().export()))
    cells += csv_cells(SafeCSV().export_data(ReferentResource().export()))
    assert '\'=HYPERLINK("http://example.org")' in cells
    assert "'+ La Poste" in cells
    assert "'@référente" in cells
    assert "'-Nord du département" in cells
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@")]


def test_xlsx_export_neutralises_formulae(directory):
    cells = xlsx_cells(SafeXLSX().export_data(StructureResource().export()))
    cells += xlsx_cells(SafeXLSX().export_data(ReferentResource().export()))
    assert not [cell for cell in cells if cell.data_type == "f"]
    texts = [cell.value for cell in cells if isinstance(cell.value, str)]
    assert '\'=HYPERLINK("http://example.org")' in texts
    assert not [text for text in texts if text[:1] in ("=", "+", "-", "@")]


def test_the_library_setting_alone_would_not_be_enough(directory, settings):
    """Why extranet.spreadsheets exists: IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT only strips '='."""
    assert settings.IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT is True
    cells = [
        cell for row in tablib.Dataset().load(CSV().export_data(StructureResource().export())) for cell in row
    ]
    assert "+ La Poste" in cells
    assert 'HYPERLINK("http://example.org")' in cells  # the text itself altered
    xlsx = xlsx_cells(XLSX().export_data(StructureResource().export()))
    assert "+ La Poste" in [cell.value for cell in xlsx]


def test_a_bad_row_imports_nothing_and_is_named(directory):
    dataset = tablib.Dataset(headers=["code_insee", "nom", "code_postal"])
    dataset.append(["82001", "Albias", "82350"])
    dataset.append(["31555", "Toulouse", "31000"])
    result = CommuneResource().import_data(dataset)
    assert result.has_validation_errors()
    [invalid] = result.invalid_rows
    assert invalid.number == 3  # the file's row: the header is row 1
    assert "82" in str(invalid.error_dict)
    assert not Commune.objects.filter(insee_code="82001").exists()


def test_an_unknown_key_is_an_error_on_its_row(directory):
    data = csv_text(StructureResource).replace("caf, cpam", "caf, cpam, inconnu")
    result = import_csv_text(StructureResource, data)
    [invalid] = result.invalid_rows
    assert invalid.number == 2  # the header is row 1
    assert "inconnu" in str(invalid.error_dict["partners"])
    assert set(Structure.objects.get().partners.values_list("slug", flat=True)) == {"caf", "cpam"}


def test_bad_hours_are_refused_in_french(directory):
    data = csv_text(StructureResource).replace("lun 09:00-12:00 14:00-17:00", "lun 09:00-12:00 11:00-17:00")
    result = import_csv_text(StructureResource, data)
    [invalid] = result.invalid_rows
    assert "se chevauchent" in str(invalid.error_dict["opening_hours"])
    assert OpeningHours.objects.filter(structure=directory).count() == 3


def test_changed_hours_replace_the_week(directory):
    data = csv_text(StructureResource)
    data = data.replace("lun 09:00-12:00 14:00-17:00; mer 09:00-12:00", "mardi 9h-12h30; ven 14:00-17:00")
    result = import_csv_text(StructureResource, data)
    assert [row.import_type for row in result.rows] == ["update"]
    assert schedule_text.format_week(directory.opening_hours.all()) == "mar 09:00-12:30; ven 14:00-17:00"


def test_supprimer_deletes_a_permanence(directory):
    lines = csv_text(PermanenceResource).splitlines()
    lines[1] = lines[1].removesuffix(";") + ";oui"
    result = import_csv_text(PermanenceResource, "\r\n".join(lines))
    assert [row.import_type for row in result.rows] == ["delete"]
    assert not Permanence.objects.exists()


def admin_import(client, url_name: str, data: str):
    """The admin's first step: upload, and see the preview."""
    upload = SimpleUploadedFile("structures.csv", data.encode("utf-8-sig"), content_type="text/csv")
    url = reverse(url_name)
    preview = client.post(url, {"format": "0", "import_file": upload, "resource": "0"})
    return preview


def test_admin_import_previews_then_audits_as_the_admin(client, animateur, directory):
    client.force_login(animateur)
    data = csv_text(StructureResource).replace("05 63 00 00 01", "05 63 99 99 99")
    preview = admin_import(client, "admin:annuaire_structure_import", data)
    assert preview.status_code == 200
    assert [row.import_type for row in preview.context["result"].rows] == ["update"]
    assert "99 99 99" in preview.content.decode()  # the preview's diff shows the change
    directory.refresh_from_db()
    assert directory.phone == "05 63 00 00 01"  # nothing written yet
    confirm = preview.context["confirm_form"]
    response = client.post(reverse("admin:annuaire_structure_process_import"), confirm.initial)
    assert response.status_code == 302
    directory.refresh_from_db()
    assert directory.phone == "05 63 99 99 99"
    entry = LogEntry.objects.get_for_object(directory).latest("timestamp")
    assert entry.actor == animateur
    assert entry.changes_dict["phone"] == ["05 63 00 00 01", "05 63 99 99 99"]


def test_admin_preview_refuses_to_confirm_a_file_with_a_bad_row(client, animateur, directory):
    client.force_login(animateur)
    data = csv_text(StructureResource).replace(";82127;", ";82999;")
    preview = admin_import(client, "admin:annuaire_structure_import", data)
    assert "confirm_form" not in preview.context
    assert "Commune « 82999 » introuvable" in preview.content.decode()


MODEL_NAMES = ["commune", "domain", "partner", "structure", "referent", "permanence"]


def test_a_row_that_fails_at_confirmation_rolls_everything_back(client, animateur, directory):
    """Between preview and confirmation the data changed: the file must not be half imported."""
    client.force_login(animateur)
    other = factories.StructureFactory(name="Autre MSAP", slug="autre", commune=directory.commune)
    data = csv_text(StructureResource)
    data = data.replace("05 63 00 00 01", "05 63 99 99 99").replace(";Autre MSAP;", ";Autre MSAP renommée;")
    preview = admin_import(client, "admin:annuaire_structure_import", data)
    confirm = preview.context["confirm_form"]
    Partner.objects.filter(slug="cpam").delete()  # the first row names it
    response = client.post(reverse("admin:annuaire_structure_process_import"), confirm.initial, follow=True)
    page = response.content.decode()
    assert "Rien n&#x27;a été importé" in page
    molieres_line = next(n for n, line in enumerate(data.splitlines(), 1) if line.startswith("molieres;"))
    assert f"Ligne {molieres_line}, colonne « partenaires » : Partenaires introuvables : cpam." in page
    directory.refresh_from_db()
    other.refresh_from_db()
    assert directory.phone == "05 63 00 00 01"
    assert other.name == "Autre MSAP"


@pytest.mark.parametrize("model_name", MODEL_NAMES)
@pytest.mark.parametrize(
    ("format_index", "content_type"), [("0", "text/csv"), ("1", "spreadsheetml"), ("2", "opendocument")]
)
def test_admin_exports_csv_and_xlsx(client, animateur, directory, model_name, format_index, content_type):
    # import-export's export.html reads an optional `export_url` our strict test templates reject.
    engines["django"].engine.string_if_invalid = ""
    client.force_login(animateur)
    url = reverse(f"admin:annuaire_{model_name}_export")
    form_fields = client.get(url).context["form"].fields
    fields = [name for name in form_fields if name not in ("format", "resource", "export_items")]
    response = client.post(url, {"format": format_index, "resource": "0", **dict.fromkeys(fields, "on")})
    assert response.status_code == 200
    assert content_type in response["Content-Type"]
    assert response.content

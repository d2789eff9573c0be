"""Every table import and export of the extranet, through django-import-export.

An import gets all of this by using two classes:

- `SpreadsheetResource` (instead of `resources.ModelResource`) reads the file the way people write it:
  headers matched whatever their case, accents, spaces or hyphens (plus the aliases a resource
  declares in `columns`), unknown columns ignored and named, a missing required column refused in
  French with the list of expected columns, numbers and dates put back into what each column wants
  (leading zeros of codes and phone numbers, French or ISO dates), the apostrophes of
  `writing.neutralise_formula` taken off, and every error in French naming the file's row (the header
  is row 1) and the column as the file writes it (`result.spreadsheet.messages`).
- `SpreadsheetImportExportMixin` (instead of `ImportExportMixin`) in the admin: one import format
  that reads CSV, XLSX or ODS alike (`reading.read_table`), the CSV/XLSX/ODS exports of `writing`, and
  a preview page in French without tracebacks.

A management command does the same through `import_table_file` (see `manage.py import_table`).
"""

import datetime as dt
import logging
import re
from dataclasses import dataclass, field

import tablib
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpResponseRedirect
from django.urls import reverse
from import_export import resources, widgets
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats
from import_export.results import Error

from extranet.spreadsheets.reading import TableReadError, read_table
from extranet.spreadsheets.writing import neutralised, restore_formula_text, table_bytes
from extranet.text import strip_accents

logger = logging.getLogger(__name__)


# --- Formats --------------------------------------------------------------------------------------


class SafeFormatMixin:
    """Exports through `writing` (neutralised; CSV for French Excel); imports through `reading`."""

    def export_data(self, dataset, **kwargs):
        return table_bytes(neutralised(dataset), self.get_extension())

    def create_dataset(self, in_stream, **kwargs):
        content = in_stream.encode("utf-8") if isinstance(in_stream, str) else bytes(in_stream)
        return read_table(content).dataset()

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"


class SafeCSV(SafeFormatMixin, base_formats.CSV):
    pass


class SafeXLSX(SafeFormatMixin, base_formats.XLSX):
    pass


class SafeODS(SafeFormatMixin, base_formats.ODS):
    pass


SAFE_FORMATS = [SafeCSV, SafeXLSX, SafeODS]


class SpreadsheetFile(SafeFormatMixin, base_formats.Format):
    """The one import format: the kind of file is found from its content (see `reading`)."""

    def __init__(self, encoding=None):
        # The admin passes its text encoding; the reading finds the file's own (see `reading`).
        super().__init__()

    def get_title(self):
        return "CSV, Excel (.xlsx) ou LibreOffice (.ods), reconnu automatiquement"

    def create_dataset(self, in_stream, **kwargs):
        dataset = super().create_dataset(in_stream, **kwargs)
        if not len(dataset):
            raise TableReadError("Le fichier n'a aucune ligne sous la ligne des noms de colonnes.")
        return dataset

    def get_extension(self):
        return ""

    def can_import(self):
        return True

    def can_export(self):
        return False


# --- Columns and cells ----------------------------------------------------------------------------


def header_key(text) -> str:
    """What is left of a header once case, accents, spaces and punctuation are set aside."""
    return "".join(c for c in strip_accents(str(text)).lower() if c.isalnum())


@dataclass(frozen=True)
class Column:
    """What a resource says about one of its columns, beyond its name.

    `aliases`: other headers people use for it ("courriel" for "email");
    `digits`: a code or phone number of that many digits whose leading zeros a spreadsheet drops
    when it stores it as a number (INSEE code 01001 becomes 1001, a phone number 563000001);
    `required`: the file must have the column (the resource's `import_id_fields` always are).
    """

    aliases: tuple[str, ...] = ()
    digits: int | None = None
    required: bool = False


NATIVE_WIDGETS = (
    widgets.NumberWidget,
    widgets.BooleanWidget,
    widgets.DateWidget,
    widgets.DateTimeWidget,
    widgets.TimeWidget,
)
FRENCH_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def _text(value) -> str:
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, bool):
        return "oui" if value else "non"
    return str(value)


def _cell_for(widget, rule: Column | None, value):
    """A cell as the column's widget reads it (see `Column` and the module docstring)."""
    if value is None:
        return ""
    if isinstance(value, str):
        value = restore_formula_text(value.strip())
    if rule and rule.digits:
        text = _text(value)
        return text.zfill(rule.digits) if text.isdigit() else text
    if (
        isinstance(widget, widgets.DateWidget)
        and isinstance(value, str)
        and (match := FRENCH_DATE.match(value))
    ):
        day, month, year = (int(part) for part in match.groups())
        try:
            return dt.date(year, month, day)
        except ValueError:
            return value  # the widget says it is not a date
    if isinstance(widget, NATIVE_WIDGETS):
        return value
    return value if isinstance(value, str) else _text(value)


class DateCellWidget(widgets.DateWidget):
    """A date as people write it: a date cell, JJ/MM/AAAA, or AAAA-MM-JJ; written back JJ/MM/AAAA.

    Anything else is refused in French with an example, never guessed (« 03/04 » has no year).
    """

    def __init__(self, **kwargs):
        super().__init__(format="%d/%m/%Y", **kwargs)

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date) or value in ("", None):
            return value or None
        text = str(value).strip()
        for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
            try:
                return dt.datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        raise ValueError(f"« {text} » n'est pas une date\u202f; attendu JJ/MM/AAAA, par exemple 01/02/2020.")


@dataclass
class SpreadsheetReport:
    """What the reading found, for the preview page and for messages (`messages` in French)."""

    written: dict[str, str] = field(default_factory=dict)  # column name -> header as in the file
    ignored: list[str] = field(default_factory=list)  # headers of unknown columns, as in the file
    expected: list[str] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)  # error key (field) -> column name
    messages: list[str] = field(default_factory=list)

    def file_row(self, number: int) -> int:
        """The file's row for import-export's 1-based row index."""
        if 0 < number <= len(self.row_numbers):
            return self.row_numbers[number - 1]
        return number + 1

    def column(self, key: str) -> str:
        name = self.labels.get(key, key)
        return self.written.get(name, name)


# --- Resource -------------------------------------------------------------------------------------


class SpreadsheetResource(resources.ModelResource):
    """A ModelResource that reads files the way people write them (see the module docstring)."""

    #: column name -> Column, for the columns that need more than their name.
    columns: dict[str, Column] = {}

    def import_data(self, dataset, **kwargs):
        report = SpreadsheetReport(expected=[f.column_name for f in self._columns()])
        row_numbers = getattr(dataset, "row_numbers", None)
        report.row_numbers = list(row_numbers or range(2, len(dataset) + 2))
        report.labels = {
            key: f.column_name for name, f in self.fields.items() for key in (name, f.attribute) if key
        }
        problem = self._match_headers(dataset.headers or [], report)
        if problem:
            result = self.get_result_class()()
            result.diff_headers = self.get_diff_headers()
            result.append_base_error(Error(TableReadError(problem)))
        else:
            result = super().import_data(self._prepared(dataset, report), **kwargs)
        self._describe(result, report)
        result.spreadsheet = report
        return result

    def _columns(self):
        return [f for f in self.fields.values() if f.column_name]

    def _match_headers(self, headers: list[str], report: SpreadsheetReport) -> str:
        """Map the file's headers to column names in `report`; a French message if the file cannot do."""
        keys = {}
        for column in self._columns():
            rule = self.columns.get(column.column_name)
            for name in (column.column_name, *(rule.aliases if rule else ())):
                keys[header_key(name)] = column.column_name
        for index, header in enumerate(headers):
            name = keys.get(header_key(header)) if header_key(header) else None
            if name is None:
                report.ignored.append(header or f"colonne {index + 1} sans titre")
            elif name in report.written:
                return (
                    f"Les colonnes « {report.written[name]} » et « {header} » désignent la même donnée "
                    f"({name}) : gardez-en une seule."
                )
            else:
                report.written[name] = header
        id_fields = [] if self.get_import_id_fields() == ["id"] else self.get_import_id_fields()
        required = [self.fields[name].column_name for name in id_fields if name in self.fields]
        required += [name for name, rule in self.columns.items() if rule.required and name not in required]
        missing = [name for name in required if name not in report.written]
        if missing:
            plural = "s" if len(missing) > 1 else ""
            return (
                f"Colonne{plural} obligatoire{plural} absente{plural} du fichier : "
                + ", ".join(f"« {name} »" for name in missing)
                + ". Colonnes attendues (majuscules, accents, espaces et tirets au choix) : "
                + ", ".join(report.expected)
                + "."
            )
        return ""

    def _prepared(self, dataset, report: SpreadsheetReport) -> tablib.Dataset:
        """The file's rows under the resource's column names, unknown columns left out."""
        by_header = {header: name for name, header in report.written.items()}
        kept = [(index, by_header[h]) for index, h in enumerate(dataset.headers) if h in by_header]
        fields_by_column = {f.column_name: f for f in self._columns()}
        prepared = tablib.Dataset(headers=[name for _index, name in kept])
        for row in dataset:
            prepared.append(
                [
                    _cell_for(fields_by_column[name].widget, self.columns.get(name), row[index])
                    for index, name in kept
                ]
            )
        return prepared

    def _describe(self, result, report: SpreadsheetReport) -> None:
        """Renumber the rows as in the file and write every problem as one French sentence."""
        for error in result.base_errors:
            if isinstance(error.error, TableReadError):
                report.messages.append(str(error.error))
            else:
                logger.error("Import failed: %r\n%s", error.error, getattr(error, "traceback", ""))
                report.messages.append(
                    "Le fichier n'a pas pu être importé (erreur inattendue). Rien n'a changé."
                )
        for row in result.invalid_rows:
            row.number = report.file_row(row.number)
            for key, errors in row.error_dict.items():
                where = f"Ligne {row.number}"
                if key != NON_FIELD_ERRORS:
                    where += f", colonne « {report.column(key)} »"
                report.messages.extend(f"{where} : {error}" for error in errors)
        for row in result.error_rows:
            row.number = report.file_row(row.number)
            for error in row.errors:
                logger.error(
                    "Import row %s failed: %r\n%s", row.number, error.error, getattr(error, "traceback", "")
                )
                report.messages.append(
                    f"Ligne {row.number} : cette ligne n'a pas pu être importée (erreur inattendue)."
                )


def import_table_file(resource: SpreadsheetResource, content: bytes, *, dry_run: bool, **kwargs):
    """Read a file's content and import it, as the admin does (`TableReadError` if it is unreadable)."""
    return resource.import_data(read_table(content).dataset(), dry_run=dry_run, raise_errors=False, **kwargs)


# --- Admin ----------------------------------------------------------------------------------------


class SpreadsheetImportExportMixin(ImportExportMixin):
    """django-import-export's admin import (upload → preview → confirm) and export, in French."""

    import_template_name = "admin/spreadsheet_import.html"

    def get_import_formats(self):
        return [SpreadsheetFile]

    def get_export_formats(self):
        return SAFE_FORMATS

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None)
        if context is not None and not context.get("fields_list"):
            # The library lists the expected columns only when the file was read: list them again
            # beside a refused file, where they help most.
            resources_ = [
                cls(**self.get_import_resource_kwargs(request))
                for cls in self.get_import_resource_classes(request)
            ]
            context["fields_list"] = [
                (resource.get_display_name(), [f.column_name for f in resource.get_user_visible_fields()])
                for resource in resources_
            ]
        return response

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, TableReadError):
            message = str(e)
        else:
            logger.exception("Unreadable import file")
            message = (
                "Le fichier ne peut pas être lu : importez un fichier CSV, Excel (.xlsx) "
                "ou LibreOffice (.ods)."
            )
        form.add_error("import_file", message)

    def process_result(self, result, request):
        # The confirmation re-runs the file; if the data changed since the preview and a row no
        # longer passes, the resource rolled everything back: say so instead of "Import finished".
        if result.has_errors() or result.has_validation_errors():
            failures = result.spreadsheet.messages
            shown = " ; ".join(failures[:10]) + (
                f" ; et {len(failures) - 10} autre(s)" if len(failures) > 10 else ""
            )
            messages.error(request, f"Rien n'a été importé : des lignes sont invalides ({shown}).")
            info = self.get_model_info()
            return HttpResponseRedirect(reverse(f"admin:{info[0]}_{info[1]}_import"))
        return super().process_result(result, request)

"""CSV and XLSX formats for django-import-export that neutralise spreadsheet formulae.

A cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return, which some spreadsheets
skip before reading a formula) is run as a formula when the file is opened: a phone number typed
`=HYPERLINK(…)` in a form would then leak data from the CCI's computer (CSV/formula injection).

django-import-export 4.4's own `IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT` only *removes* a leading `=`
(it leaves `+`, `-`, `@` alone, alters the text, and writes the word "None" in empty native cells),
so these formats do it the OWASP way instead: such a text gets a leading apostrophe, whatever the
setting says. Numbers, dates and empty cells are left as they are (they cannot hold a formula).

The apostrophe is taken off again on import (`restore_formula_text`), so an exported file imports
back to exactly the same values: "+33 5 63 …" stays "+33 5 63 …" after a round trip.
"""

from import_export.formats import base_formats

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"


def neutralise_formula(value):
    """The value as a spreadsheet shows it as text, never as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return ESCAPE + value
    return value


def restore_formula_text(value):
    """Undo `neutralise_formula` (only for the apostrophes it added)."""
    if isinstance(value, str) and value.startswith(ESCAPE) and value[1:].startswith(FORMULA_TRIGGERS):
        return value[1:]
    return value


def _neutralised(dataset):
    for index, row in enumerate(dataset):
        dataset[index] = [neutralise_formula(cell) for cell in row]


class FormulaSafeMixin:
    def export_data(self, dataset, **kwargs):
        _neutralised(dataset)
        return super().export_data(dataset, **kwargs)

    def _escape_formulae(self, dataset):
        # Already done above, the safe way; the library's version would strip the apostrophe's `=`.
        pass


class SafeCSV(FormulaSafeMixin, base_formats.CSV):
    pass


class SafeXLSX(FormulaSafeMixin, base_formats.XLSX):
    pass


SAFE_FORMATS = [SafeCSV, SafeXLSX]

"""Spreadsheets in and out: one place for every table the extranet writes or reads.

- `writing`: table downloads (CSV for French Excel, XLSX, ODS) and workbooks of several sheets (XLSX,
  ODS), formula-neutralised;
- `reading`: any CSV, XLSX or ODS file as people save it, as rows numbered like the file's;
- `imports`: both plugged into django-import-export for the admin imports and exports.
"""

from extranet.spreadsheets.writing import (
    Sheet,
    neutralise_formula,
    restore_formula_text,
    table_response,
    workbook_bytes,
    workbook_response,
)

__all__ = [
    "Sheet",
    "neutralise_formula",
    "restore_formula_text",
    "table_response",
    "workbook_bytes",
    "workbook_response",
]

"""Spreadsheet files as offices save them, built in code for the import tests.

- `csv_file`: Excel on a French Windows PC writes Windows-1252, `;` and CRLF; LibreOffice and
  exports write UTF-8, with or without a byte-order mark;
- `xlsx_file`: written by openpyxl, with real date and number cells;
- `ods_file`: written the way LibreOffice does it: identical neighbouring cells merged with
  `number-columns-repeated`, each row padded to column 1024 and the sheet to row 1048576 with
  repeated empty cells.
"""

import csv
import datetime as dt
import io

from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P
from openpyxl import Workbook


def csv_file(rows, *, encoding="cp1252", delimiter=";", newline="\r\n", bom=False) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator=newline).writerows(rows)
    return (b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode(encoding)


def xlsx_file(rows, *, trailing_empty_rows: int = 3) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    for cell in sheet["A"]:
        if isinstance(cell.value, dt.date):
            cell.number_format = "DD/MM/YYYY"
    # Formatted but empty rows and columns, as a sheet someone cleared by hand leaves them.
    last = sheet.max_row
    for offset in range(1, trailing_empty_rows + 1):
        sheet.cell(row=last + offset, column=sheet.max_column + 2).number_format = "@"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _ods_cell(value) -> TableCell:
    if value is None or value == "":
        return TableCell()
    if isinstance(value, bool):
        return TableCell(valuetype="boolean", booleanvalue=str(value).lower())
    if isinstance(value, (int, float)):
        cell = TableCell(valuetype="float", value=str(value))
        cell.addElement(P(text=str(value)))
        return cell
    if isinstance(value, dt.date):
        cell = TableCell(valuetype="date", datevalue=value.isoformat())
        cell.addElement(P(text=value.strftime("%d/%m/%Y")))
        return cell
    cell = TableCell(valuetype="string")
    for line in str(value).split("\n"):  # LibreOffice writes one paragraph per line of a cell
        cell.addElement(P(text=line))
    return cell


def ods_file(rows) -> bytes:
    document = OpenDocumentSpreadsheet()
    table = Table(name="Feuille1")
    for row in rows:
        table_row = TableRow()
        values = list(row)
        index = 0
        while index < len(values):
            repeat = 1
            while index + repeat < len(values) and values[index + repeat] == values[index]:
                repeat += 1
            cell = _ods_cell(values[index])
            if repeat > 1:
                cell.setAttribute("numbercolumnsrepeated", str(repeat))
            table_row.addElement(cell)
            index += repeat
        table_row.addElement(TableCell(numbercolumnsrepeated=str(1024 - len(values))))
        table.addElement(table_row)
    filler = TableRow(numberrowsrepeated=str(1048576 - len(rows)))
    filler.addElement(TableCell(numbercolumnsrepeated="1024"))
    table.addElement(filler)
    document.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()

"""THE writer of every spreadsheet the product gives out, xlsx and csv alike.

Every text cell that a spreadsheet would run as a formula — text starting with `=`, `+`, `-`, `@`, a tab or a
carriage return (the OWASP CSV-injection rule) — is neutralised here and nowhere else:

- in a csv it gets a leading apostrophe (`'=HYPERLINK(…)`), which spreadsheets show as text;
- in an xlsx it stays exactly as typed, stored as a text cell with Excel's "quote prefix", so it is shown as
  text and stays text when someone edits the cell.

Numbers, dates and booleans keep their types. List exports (`table_download`), reports' tables
(`sheet_download`) and hand-laid workbooks (`workbook_bytes`, for the quarterly table) all end here, and
`tests/core/test_exports.py` opens every export of the product to check that no formula came from user text.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

__all__ = [
    "FORMULA_START",
    "XLSX_TYPE",
    "CSV_TYPE",
    "Sheet",
    "is_formula_like",
    "csv_value",
    "csv_bytes",
    "xlsx_bytes",
    "workbook_bytes",
    "download",
    "sheet_download",
    "table_download",
]

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
SHEET_TITLE_MAX = 31  # Excel's limit on a sheet's name
_TYPED = (int, float, Decimal, bool, datetime.date, datetime.time, datetime.datetime)


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


def _plain(value):
    """What a cell holds: typed values as they are, lazy translations and other objects as text."""
    if value is None or isinstance(value, (*_TYPED, str)):
        return value
    return str(value)


def csv_value(value) -> object:
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return "'" + value if is_formula_like(value) else value


def csv_bytes(headers: Sequence, rows: Iterable[Sequence], *, bom: bool = True) -> bytes:
    """UTF-8 csv with CRLF lines; a BOM (default) so that Excel opens Chinese text intact."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([csv_value(h) for h in headers])
    for row in rows:
        writer.writerow([csv_value(v) for v in row])
    return (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")


@dataclass
class Sheet:
    title: str
    headers: Sequence
    rows: Iterable[Sequence] = field(default_factory=list)


def _xlsx_cell(sheet, value):
    value = _plain(value)
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        value = value.replace(tzinfo=None)  # xlsx has no time zones: the local time as shown on the page
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would store text starting with "=" as a formula
        cell.quotePrefix = is_formula_like(value)
    return cell


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    """A workbook of plain tables (header row, then rows), written in openpyxl's streaming mode."""
    workbook = Workbook(write_only=True)
    for spec in sheets:
        sheet = workbook.create_sheet(str(spec.title)[:SHEET_TITLE_MAX] or "Sheet")
        sheet.append([_xlsx_cell(sheet, h) for h in spec.headers])
        for row in spec.rows:
            sheet.append([_xlsx_cell(sheet, v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def workbook_bytes(workbook: Workbook) -> bytes:
    """A hand-laid workbook (merged cells, styles), with every text cell made text before saving: a layout
    cannot carry a formula in from a unit's or a person's name."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
                    if is_formula_like(cell.value):
                        cell.quotePrefix = True
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def download(content: bytes, filename: str) -> HttpResponse:
    """An attachment; the type follows the file's extension (.xlsx or .csv)."""
    content_type = XLSX_TYPE if filename.endswith(".xlsx") else CSV_TYPE
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def sheet_download(
    filename: str, headers: Sequence, rows: Iterable[Sequence], *, title: str = "", bom: bool = True
) -> HttpResponse:
    """One table as .xlsx or .csv, by the extension of `filename`."""
    if filename.endswith(".xlsx"):
        return download(xlsx_bytes([Sheet(title or filename.rsplit(".", 1)[0], headers, rows)]), filename)
    return download(csv_bytes(headers, rows, bom=bom), filename)


def table_download(table, filename: str, *, exclude_columns: Sequence[str] = ()) -> HttpResponse:
    """A list page's table (django-tables2), every filtered row, with the columns the page shows."""
    values = table.as_values(exclude_columns=exclude_columns)
    headers = next(values)
    return sheet_download(filename, headers, values)

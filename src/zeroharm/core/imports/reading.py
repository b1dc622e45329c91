"""Reading an uploaded spreadsheet, xlsx or csv, in the encodings people's files come in."""

from __future__ import annotations

import csv
import io
import zipfile

import openpyxl
from charset_normalizer import from_bytes
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

__all__ = ["ENCODINGS", "ImportFileError", "read_table"]

ENCODINGS = [
    ("auto", gettext_lazy("Detect automatically")),
    ("utf-8", "UTF-8"),
    ("gb18030", gettext_lazy("GBK / GB18030 (Chinese Windows)")),
    ("cp1252", gettext_lazy("Windows-1252 (Western Windows)")),
]


class ImportFileError(Exception):
    """The file as a whole cannot be read (type, size, encoding, missing columns)."""


def _decode(data: bytes, encoding: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if encoding != "auto":
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise ImportFileError(
                _("The file is not valid %(encoding)s text (byte %(position)s); choose another encoding.")
                % {"encoding": encoding, "position": exc.start}
            ) from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # Not UTF-8: the usual alternatives are Chinese Windows (GBK) and Western Windows (cp1252).
    # Both decode most byte strings, so ask charset-normalizer which reads as real text.
    best = from_bytes(data, cp_isolation=["gb18030", "cp1252"]).best()
    if best is None:
        raise ImportFileError(_("The text encoding of the file could not be recognised; choose it in the form."))
    return str(best)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "date") and callable(value.date) and hasattr(value, "hour"):
        return value.date().isoformat() if (value.hour, value.minute, value.second) == (0, 0, 0) else value.isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_xlsx(data: bytes) -> list[list[str]]:
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportFileError(_("The file is not a readable .xlsx workbook.")) from exc
    sheet = workbook.worksheets[0]
    rows = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return rows


def _read_csv(data: bytes, encoding: str) -> list[list[str]]:
    if b"\x00" in data:
        raise ImportFileError(_("The file is not a .csv text file."))
    text = _decode(data, encoding)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        # Every csv writer (Excel, RFC 4180) doubles quotes; the sniffer guesses "no" when the first 4 KB
        # hold no "", and a later cell with one then splits into extra columns.
        dialect.doublequote = True
    except csv.Error:
        dialect = csv.excel
    return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), dialect)]


def read_table(uploaded, encoding: str = "auto") -> tuple[list[str], list[list[str]]]:
    """Headers and data rows of an uploaded .xlsx or .csv file, checked for type and size."""
    name = (uploaded.name or "").lower()
    data = uploaded.read(settings.IMPORT_MAX_BYTES + 1)
    if len(data) > settings.IMPORT_MAX_BYTES:
        raise ImportFileError(_("The file is larger than %(mb)s MB.") % {"mb": settings.IMPORT_MAX_BYTES // 2**20})
    if name.endswith(".xlsx"):
        if not data.startswith(b"PK\x03\x04"):
            raise ImportFileError(_("The file is named .xlsx but is not an Excel workbook."))
        rows = _read_xlsx(data)
    elif name.endswith((".csv", ".txt")):
        rows = _read_csv(data, encoding)
    else:
        raise ImportFileError(_("Only .xlsx workbooks and .csv text files can be imported."))
    rows = [row for row in rows if any(cell for cell in row)]
    if not rows:
        raise ImportFileError(_("The file has no rows."))
    headers = [h.strip().lower() for h in rows[0]]
    return headers, rows[1:]

"""Reading an uploaded spreadsheet, xlsx or csv, in the encodings people's files come in, within limits.

The limits (settings `IMPORT_MAX_*`, documented in the README) are checked before or while the file is read, so
that no file costs more than they allow whatever it claims to be: the size of the upload, the size a workbook
unpacks to (checked on the zip's own table before openpyxl opens it), the rows (reading stops at the first one
past the limit), the columns (a workbook is read one column past the limit, no further) and the characters of a
cell. Each is refused with an `ImportFileError` that says what is wrong; so is a workbook openpyxl cannot parse.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

import openpyxl
from charset_normalizer import from_bytes
from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.utils import get_column_letter

from zeroharm.core.exports import is_formula_like

__all__ = ["ENCODINGS", "ImportFileError", "Table", "read_table", "read_upload"]

ENCODINGS = [
    ("auto", gettext_lazy("Detect automatically")),
    ("utf-8", "UTF-8"),
    ("gb18030", gettext_lazy("GBK / GB18030 (Chinese Windows)")),
    ("cp1252", gettext_lazy("Windows-1252 (Western Windows)")),
    ("utf-16", gettext_lazy("UTF-16 (Excel's “Unicode text”)")),
]


class ImportFileError(Exception):
    """The file as a whole cannot be read (type, size, limits, encoding, missing columns)."""


def _decode(data: bytes, encoding: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16: Excel's "Unicode text"
        return _decode_as(data, "utf-16")
    if encoding != "auto":
        return _decode_as(data, encoding)
    if b"\x00" in data:  # no 8-bit text holds a NUL byte
        raise ImportFileError(_("The file is not a .csv text file."))
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


def _decode_as(data: bytes, encoding: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            _("The file is not valid %(encoding)s text (byte %(position)s); choose another encoding.")
            % {"encoding": encoding, "position": exc.start}
        ) from exc
    if "\x00" in text:
        raise ImportFileError(_("The file is not a .csv text file."))
    return text.removeprefix("\ufeff")


def _unguarded(text: str) -> str:
    """A cell our own export writer guarded (`'=…`, core.exports) reads back as it was typed."""
    return text[1:] if text.startswith("'") and is_formula_like(text[1:]) else text


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


#
# Limits, checked while reading: no file costs more than they allow, whatever it claims to be
#


def _number(value: int) -> str:
    return number_format(value, force_grouping=True)


def _check_unpacked_size(data: bytes) -> None:
    """Refuse a workbook that unpacks beyond the limit before anything is parsed (a 3 MB zip can hold 1 GB).

    The sizes are the ones the archive declares; zipfile never unpacks a member beyond its declared size.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            size = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ImportFileError(_("The file is not a readable .xlsx workbook.")) from exc
    limit = settings.IMPORT_MAX_UNPACKED_BYTES
    if size > limit:
        raise ImportFileError(
            _("The workbook unpacks to %(size)s MB; at most %(limit)s MB are read.")
            % {"size": _number(-(-size // 2**20)), "limit": _number(limit // 2**20)}
        )


class _Rows:
    """Collects the rows of a file, refusing it at the first row, column or cell beyond the limits."""

    def __init__(self):
        self.rows: list[list[str]] = []
        self.max_columns = settings.IMPORT_MAX_COLUMNS
        self.max_chars = settings.IMPORT_MAX_CELL_CHARS

    def add(self, number: int, cells: list[str], *, width: int = 0) -> None:
        """Row `number` of the file (1 = the first); `width`, the sheet's own count of its columns, if any."""
        while cells and not cells[-1]:
            cells.pop()  # empty cells after the last value are no columns
        if not cells:
            return  # blank rows are skipped
        if len(cells) > self.max_columns:
            raise ImportFileError(
                _("The file has %(count)s columns; at most %(limit)s are read.")
                % {"count": _number(max(width, len(cells))), "limit": _number(self.max_columns)}
            )
        for index, cell in enumerate(cells):
            if len(cell) > self.max_chars:
                self._too_long(number, index, len(cell))
        if len(self.rows) > settings.IMPORT_MAX_ROWS:  # the header row, then at most the limit
            raise ImportFileError(
                _("The file has more than %(limit)s rows; at most %(limit)s are read. Split it into smaller files.")
                % {"limit": _number(settings.IMPORT_MAX_ROWS)}
            )
        self.rows.append(cells)

    def _too_long(self, number: int, index: int, length: int):
        header = self.rows[0] if self.rows else []
        column = header[index] if index < len(header) and header[index] else get_column_letter(index + 1)
        raise ImportFileError(
            _("Row %(row)s, column %(column)s: a cell of %(length)s characters; at most %(limit)s are read.")
            % {"row": number, "column": column, "length": _number(length), "limit": _number(self.max_chars)}
        )


def _read_xlsx(data: bytes) -> list[list[str]]:
    _check_unpacked_size(data)
    collected = _Rows()
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            # One column past the limit is enough to know the sheet is too wide, and costs no more.
            rows = sheet.iter_rows(max_col=collected.max_columns + 1, values_only=True)
            for number, row in enumerate(rows, start=1):
                values = list(row)
                while values and values[-1] is None:  # padding to max_col, or empty cells after the last value
                    values.pop()
                collected.add(number, [_cell_text(v) for v in values], width=sheet.max_column or 0)
        finally:
            workbook.close()
    except ImportFileError:
        raise
    except Exception as exc:  # any failure of the parser on an uploaded file means "not readable", never a 500
        raise ImportFileError(_("The file is not a readable .xlsx workbook.")) from exc
    return collected.rows


def _read_csv(data: bytes, encoding: str) -> list[list[str]]:
    text = _decode(data, encoding)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        # Every csv writer (Excel, RFC 4180) doubles quotes; the sniffer guesses "no" when the first 4 KB
        # hold no "", and a later cell with one then splits into extra columns.
        dialect.doublequote = True
    except csv.Error:
        dialect = csv.excel
    # The csv module refuses a cell over 131,072 characters with an error that names no row; raised to the
    # file's size, our own limit speaks instead (the csv module's limit is process-wide: only ever raised).
    if csv.field_size_limit() <= settings.IMPORT_MAX_BYTES:
        csv.field_size_limit(settings.IMPORT_MAX_BYTES + 1)
    collected = _Rows()
    try:
        for number, record in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
            collected.add(number, [_unguarded(cell.strip()) for cell in record])
    except csv.Error as exc:
        raise ImportFileError(_("The file is not a readable .csv text file: %(error)s.") % {"error": exc}) from exc
    return collected.rows


@dataclass
class Table:
    """An uploaded file's first row, as written (`labels`) and as importers match it (`headers`), and its rows."""

    labels: list[str]
    rows: list[list[str]]

    @property
    def headers(self) -> list[str]:
        return [label.strip().lower() for label in self.labels]


def _read_other(data: bytes, encoding: str, reader: Callable) -> list[list[str]]:
    """Rows an importer's own reader (`Importer.readers`: Moodle XML, GIFT…) makes of a file, under the same limits
    of rows, columns and cell length as a spreadsheet's; the reader refuses what it cannot parse (ImportFileError)."""
    collected = _Rows()
    for number, cells in enumerate(reader(data, encoding), start=1):
        collected.add(number, [str(cell).strip() for cell in cells])
    return collected.rows


def read_upload(uploaded, encoding: str = "auto", readers: dict[str, Callable] | None = None) -> Table:
    """The rows of an uploaded .xlsx or .csv file, checked for type, size and the limits before they are read.

    `readers` maps other file name endings (".xml") to a function (bytes, encoding) → rows, the first the header."""
    name = (uploaded.name or "").lower()
    data = uploaded.read(settings.IMPORT_MAX_BYTES + 1)
    if len(data) > settings.IMPORT_MAX_BYTES:
        raise ImportFileError(_("The file is larger than %(mb)s MB.") % {"mb": settings.IMPORT_MAX_BYTES // 2**20})
    other = next((reader for ending, reader in (readers or {}).items() if name.endswith(ending)), None)
    if other is not None:
        rows = _read_other(data, encoding, other)
    elif name.endswith(".xlsx"):
        if not data.startswith(b"PK\x03\x04"):
            raise ImportFileError(_("The file is named .xlsx but is not an Excel workbook."))
        rows = _read_xlsx(data)
    elif name.endswith((".csv", ".txt")):
        rows = _read_csv(data, encoding)
    else:
        raise ImportFileError(_("Only .xlsx workbooks and .csv text files can be imported."))
    if not rows:
        raise ImportFileError(_("The file has no rows."))
    return Table(labels=rows[0], rows=rows[1:])


def read_table(
    uploaded, encoding: str = "auto", readers: dict[str, Callable] | None = None
) -> tuple[list[str], list[list[str]]]:
    """Headers (lower-case) and data rows of an uploaded .xlsx or .csv file (see `read_upload`)."""
    table = read_upload(uploaded, encoding, readers)
    return table.headers, table.rows

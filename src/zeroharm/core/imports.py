"""Spreadsheet import, built once for every module: xlsx or csv in, row-level errors out, all or nothing.

An app describes an import with an `Importer`: its columns, a Django form that parses one row, and
`save_row`, which writes through the app's services (so scope, validation and history apply to
imported rows exactly as to typed ones). The whole file runs inside one transaction; a dry run
(the preview) rolls it back, a real run commits only when no row failed.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field

import openpyxl
from charset_normalizer import from_bytes
from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zeroharm.core.roles import Action
from zeroharm.core.services import ConcurrentEditError, record_create, record_update

__all__ = [
    "ImportColumn",
    "Importer",
    "ImportFileError",
    "RowError",
    "ImportResult",
    "read_table",
    "run_import",
    "ENCODINGS",
    "DATE_INPUT_FORMATS",
]

ENCODINGS = [
    ("auto", gettext_lazy("Detect automatically")),
    ("utf-8", "UTF-8"),
    ("gb18030", gettext_lazy("GBK / GB18030 (Chinese Windows)")),
    ("cp1252", gettext_lazy("Windows-1252 (Western Windows)")),
]
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%d.%m.%Y", "%m/%d/%Y"]
# Error codes whose message reads as a predicate of the value: "'2023-13-01' is not a date".
PREDICATE_CODES = {"invalid", "invalid_choice", "invalid_date"}


class ImportFileError(Exception):
    """The file as a whole cannot be read (type, size, encoding, missing columns)."""


@dataclass(frozen=True)
class ImportColumn:
    name: str
    help: str
    required: bool = False
    example: str = ""


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        where = (
            _("row %(row)s, column %(column)s") % {"row": self.row, "column": self.column}
            if self.column
            else _("row %(row)s") % {"row": self.row}
        )
        return f"{where}: {self.message}"


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)
    preview: list[dict] = field(default_factory=list)
    committed: bool = False


class Importer:
    """Describe one import; subclasses set the attributes and implement `save_row`."""

    key: str = ""  # the URL key: /org/import/<key>/
    list_url_name: str = ""  # where to go after a successful import
    title = ""
    model = None
    columns: list[ImportColumn] = []
    row_form: type[forms.Form] = forms.Form
    # model field name → column name, to place model-level errors on the right column
    field_columns: dict[str, str] = {}

    def form_for(self, row: dict, user) -> forms.Form:
        return self.row_form(data=row, user=user)

    def save_row(self, cleaned: dict, user) -> bool:
        """Write one validated row; return True if it created a record, False if it updated one."""
        raise NotImplementedError

    def upsert(self, *, lookup: dict, data: dict, user, only_changed: bool = False):
        """Update the record matching `lookup` in the user's change scope, or create it: (record, created).

        Rows are keyed by a natural key (employee number, code, unit and month), so importing a file
        twice updates instead of duplicating. `only_changed` leaves an unchanged record untouched.
        """
        existing = self.model.objects.visible_to(user, Action.CHANGE).filter(**lookup).first()
        if existing is None:
            return record_create(model=self.model, data=data, acting_user=user), True
        if only_changed:
            data = {name: value for name, value in data.items() if getattr(existing, name) != value}
            if not data:
                return existing, False
        return record_update(instance=existing, data=data, acting_user=user, expected_version=existing.version), False


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


def _check_headers(importer: Importer, headers: list[str]) -> None:
    missing = [c.name for c in importer.columns if c.required and c.name not in headers]
    if missing:
        raise ImportFileError(
            _("The first row must name the columns; missing: %(columns)s.") % {"columns": ", ".join(missing)}
        )


def _form_errors(form: forms.Form, row_number: int, row: dict) -> list[RowError]:
    errors = []
    for column, error_list in form.errors.as_data().items():
        for error in error_list:
            message = " ".join(error.messages)
            raw = row.get(column, "")
            if column != "__all__" and raw and error.code in PREDICATE_CODES:
                message = f"'{raw}' {message}"
            elif column != "__all__" and raw:
                message = f"'{raw}': {message}"
            errors.append(RowError(row_number, "" if column == "__all__" else column, raw, message))
    return errors


def _model_errors(importer: Importer, exc: ValidationError, row_number: int, row: dict) -> list[RowError]:
    if not hasattr(exc, "error_dict"):
        return [RowError(row_number, "", "", " ".join(exc.messages))]
    errors = []
    for model_field, messages in exc.message_dict.items():
        column = importer.field_columns.get(model_field, model_field if model_field in row else "")
        raw = row.get(column, "")
        text = " ".join(messages)
        errors.append(RowError(row_number, column, raw, f"'{raw}': {text}" if raw else text))
    return errors


def run_import(importer: Importer, headers: list[str], rows: list[list[str]], user, *, commit: bool) -> ImportResult:
    """Validate and write every row in one transaction; roll it all back on any error or when not committing."""
    _check_headers(importer, headers)
    result = ImportResult()
    with transaction.atomic():
        for index, cells in enumerate(rows, start=2):  # row 1 is the header, as the user sees it in Excel
            row = {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(headers) if h}
            _import_row(importer, row, index, user, result)
        if result.errors or not commit:
            transaction.set_rollback(True)
        else:
            result.committed = True
    return result


def _import_row(importer: Importer, row: dict, index: int, user, result: ImportResult) -> None:
    form = importer.form_for(row, user)
    if not form.is_valid():
        result.errors.extend(_form_errors(form, index, row))
        return
    try:
        with transaction.atomic():
            created = importer.save_row(form.cleaned_data, user)
    except ValidationError as exc:
        result.errors.extend(_model_errors(importer, exc, index, row))
        return
    except (PermissionDenied, ConcurrentEditError) as exc:
        result.errors.append(RowError(index, "", "", str(exc)))
        return
    if created:
        result.created += 1
    else:
        result.updated += 1
    if len(result.preview) < 20:
        result.preview.append(row)


def template_workbook(importer: Importer) -> bytes:
    """An empty sheet with the column names, and a second sheet that explains each column."""
    workbook = openpyxl.Workbook()
    data_sheet = workbook.active
    data_sheet.title = "data"
    data_sheet.append([c.name for c in importer.columns])
    help_sheet = workbook.create_sheet("help")
    help_sheet.append([_("column"), _("required"), _("meaning"), _("example")])
    for column in importer.columns:
        help_sheet.append([column.name, _("yes") if column.required else _("no"), str(column.help), column.example])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_csv(importer: Importer) -> bytes:
    # A BOM so that Excel opens the UTF-8 file with Chinese text intact.
    return ("\ufeff" + ",".join(c.name for c in importer.columns) + "\r\n").encode("utf-8")

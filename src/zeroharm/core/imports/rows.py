"""An import's rows: each parsed by the importer's form and written by its `save_row`, in one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zeroharm.core.exports import Sheet, csv_bytes, xlsx_bytes
from zeroharm.core.imports.reading import ImportFileError
from zeroharm.core.roles import Action
from zeroharm.core.services import ConcurrentEditError, record_create, record_update
from zeroharm.core.wording import labelled

__all__ = [
    "ImportColumn",
    "Importer",
    "RowError",
    "ImportResult",
    "RowsRefused",
    "run_import",
    "template_workbook",
    "template_csv",
    "DATE_INPUT_FORMATS",
]

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%d.%m.%Y", "%m/%d/%Y"]
# Error codes whose message reads as a predicate of the value: "'2023-13-01' is not a date".
PREDICATE_CODES = {"invalid", "invalid_choice", "invalid_date"}


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
        return labelled(where, self.message)


class RowsRefused(Exception):
    """Raised by an importer's `save_rows`: the rows it refused as a whole (duplicates, records already held)."""

    def __init__(self, errors: list[RowError]):
        super().__init__("; ".join(str(e) for e in errors[:3]))
        self.errors = errors


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
    # other formats than xlsx and csv: file name ending → reader (bytes, encoding) → rows (core.imports.reading)
    readers: dict = {}
    file_label = ""  # the upload field's label when the importer reads other formats
    action = Action.IMPORT  # what the user must be allowed somewhere in the model's area to open the page
    # True: every parsed row is written at once by `save_rows` (a bulk insert, checks across rows), not by `save_row`
    bulk = False

    def form_for(self, row: dict, user) -> forms.Form:
        return self.row_form(data=row, user=user)

    def save_row(self, cleaned: dict, user) -> bool:
        """Write one validated row; return True if it created a record, False if it updated one."""
        raise NotImplementedError

    def save_rows(self, rows: list[tuple[int, dict]], user) -> tuple[int, int]:
        """With `bulk`: write every (row number, cleaned row) at once; (created, updated), or RowsRefused."""
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
    parsed: list[tuple[int, dict]] | None = [] if importer.bulk else None
    with transaction.atomic():
        for index, cells in enumerate(rows, start=2):  # row 1 is the header, as the user sees it in Excel
            row = {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(headers) if h}
            _import_row(importer, row, index, user, result, parsed)
        if parsed is not None and not result.errors:
            _save_rows(importer, parsed, user, result)
        if result.errors or not commit:
            transaction.set_rollback(True)
        else:
            result.committed = True
    return result


def _save_rows(importer: Importer, parsed: list[tuple[int, dict]], user, result: ImportResult) -> None:
    try:
        result.created, result.updated = importer.save_rows(parsed, user)
    except RowsRefused as exc:
        result.errors.extend(exc.errors)
    except PermissionDenied as exc:
        result.errors.append(RowError(0, "", "", str(exc)))


def _import_row(importer: Importer, row: dict, index: int, user, result: ImportResult, parsed: list | None) -> None:
    form = importer.form_for(row, user)
    if not form.is_valid():
        result.errors.extend(_form_errors(form, index, row))
        return
    if parsed is not None:  # written with the others once every row is parsed
        parsed.append((index, form.cleaned_data))
        if len(result.preview) < 20:
            result.preview.append(row)
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
    help_rows = [[c.name, _("yes") if c.required else _("no"), str(c.help), c.example] for c in importer.columns]
    return xlsx_bytes(
        [
            Sheet("data", [c.name for c in importer.columns]),
            Sheet("help", [_("column"), _("required"), _("meaning"), _("example")], help_rows),
        ]
    )


def template_csv(importer: Importer) -> bytes:
    return csv_bytes([c.name for c in importer.columns], [])

"""Spreadsheet import, built once for every module: xlsx or csv in, row-level errors out, all or nothing.

An app describes an import with an `Importer`: its columns, a Django form that parses one row, and
`save_row`, which writes through the app's services (so scope, validation and history apply to
imported rows exactly as to typed ones). The whole file runs inside one transaction; a dry run
(the preview) rolls it back, a real run commits only when no row failed.

`reading` reads the file; `rows` checks its rows with the importer's form and writes them through `save_row`;
`dates` reads dates in the file's order; `refused` writes the refused rows back, with their reasons.
"""

from zeroharm.core.imports.reading import ENCODINGS, ImportFileError, Table, read_table, read_upload
from zeroharm.core.imports.rows import (
    DATE_INPUT_FORMATS,
    ImportColumn,
    Importer,
    ImportResult,
    RowError,
    RowsRefused,
    run_import,
    template_csv,
    template_workbook,
)

__all__ = [
    "ImportColumn",
    "Importer",
    "ImportFileError",
    "RowError",
    "RowsRefused",
    "ImportResult",
    "read_table",
    "read_upload",
    "Table",
    "run_import",
    "template_csv",
    "template_workbook",
    "ENCODINGS",
    "DATE_INPUT_FORMATS",
]

"""The refused rows of an import, as they were in the file, with the reasons beside them.

The user corrects them and imports only those again: the csv has the file's own first row (plus "reason") and each
refused row's cells as read, followed by every reason of the row (row, column and why), joined.
"""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext as _

from zeroharm.core.exports import csv_bytes
from zeroharm.core.imports.rows import RowError

__all__ = ["refused_rows", "write_refused_rows"]


def refused_rows(labels: list[str], rows: list[list[str]], errors: list[RowError]) -> list[list[str]]:
    """The header and the refused rows (`rows[n - 2]` is row n, as numbered in the errors), each with its reasons."""
    reasons: dict[int, list[str]] = defaultdict(list)
    for error in errors:
        if 2 <= error.row < len(rows) + 2:  # row 0: the file as a whole, not one of its rows
            reasons[error.row].append(str(error))
    width = max([len(labels), *(len(rows[n - 2]) for n in reasons)])
    reason = _("reason") if _("reason") not in labels else _("reason (refused)")
    table = [[*labels, *[""] * (width - len(labels)), reason]]
    for number in sorted(reasons):
        cells = rows[number - 2]
        table.append([*cells, *[""] * (width - len(cells)), "; ".join(reasons[number])])
    return table


def write_refused_rows(stream, labels: list[str], rows: list[list[str]], errors: list[RowError]) -> None:
    """Write the refused rows as csv to `stream` (a file or an HttpResponse) through the core export writer, with
    a BOM for Excel: a cell a spreadsheet would run as a formula gets its apostrophe, which the reader takes off
    again when the corrected file comes back."""
    header, *body = refused_rows(labels, rows, errors)
    stream.write(csv_bytes(header, body))

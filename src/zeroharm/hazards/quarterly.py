"""The quarterly (and annual) hidden-danger statistics table of
docs/standards/hidden-dangers.md#quarterly-and-annual-statistics, as an xlsx workbook.

One row per child unit of the chosen unit (its whole subtree), a row for the unit's own records when
it has any, and the total. The figures are those of `hazards.statistics` (same definitions as the
page). Below the table: when the signed table is due, and a signature line for the unit's principal
person. Laid out to print on one A4 page across (landscape, repeated header rows).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from zeroharm.core.exports import workbook_bytes
from zeroharm.hazards.models import Level
from zeroharm.hazards.statistics import Statistics, filing_deadline

__all__ = ["quarterly_workbook", "period_name", "HEADER_ROW", "FIRST_DATA_ROW"]

HEADER_ROW = 5  # the first of the two header rows
FIRST_DATA_ROW = HEADER_ROW + 2
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="E8F3EC")
PERCENT = "0.0%"


def period_name(year: int, quarter: int) -> str:
    if quarter == 0:
        return _("%(year)s, whole year") % {"year": year}
    return _("%(year)s, quarter %(quarter)s") % {"year": year, "quarter": quarter}


def _rate(value: Decimal | None):
    """A percentage as the fraction Excel formats with `%`; "—" when there is nothing to divide by."""
    return "—" if value is None else float(value / 100)


# (group heading or None, column heading, value of a row's level figures, number format)
def _columns():
    general, major = Level.GENERAL, Level.MAJOR
    return [
        (_("General hidden dangers"), _("Found"), lambda lv, f: lv[general].found, "0"),
        (_("General hidden dangers"), _("Rectified"), lambda lv, f: lv[general].rectified, "0"),
        (
            _("General hidden dangers"),
            _("Rectification rate"),
            lambda lv, f: _rate(lv[general].rectification_rate),
            PERCENT,
        ),
        (_("Major hidden dangers"), _("Found"), lambda lv, f: lv[major].found, "0"),
        (_("Major hidden dangers"), _("Rectified"), lambda lv, f: lv[major].rectified, "0"),
        (
            _("Major hidden dangers"),
            _("Rectification rate"),
            lambda lv, f: _rate(lv[major].rectification_rate),
            PERCENT,
        ),
        (_("Major hidden dangers"), _("Under governance (listed)"), lambda lv, f: lv[major].open, "0"),
        (None, _("Funds spent (CNY)"), lambda lv, f: float(f.funds), "#,##0.00"),
        (None, _("Overdue"), lambda lv, f: f.overdue, "0"),
        (None, _("On-time rectification rate"), lambda lv, f: _rate(f.on_time_rate), PERCENT),
    ]


def quarterly_workbook(
    stats: Statistics, year: int, quarter: int, *, principal: str = "", prepared_on: datetime.date | None = None
) -> bytes:
    """The workbook of `stats` (computed for that quarter, or the year when quarter is 0), as bytes."""
    columns = _columns()
    last_col = get_column_letter(len(columns) + 1)
    wb = Workbook()
    ws = wb.active
    ws.title = (_("Annual statistics") if quarter == 0 else _("Quarterly statistics"))[:31]

    ws["A1"] = _("Hidden-danger investigation and governance statistics")
    ws["A1"].font = Font(bold=True, size=14)
    ws.merge_cells(f"A1:{last_col}1")
    ws["A1"].alignment = Alignment(horizontal="center")
    period = stats.period
    ws["A2"] = _("Unit: %(unit)s") % {"unit": stats.unit.name}
    ws["A3"] = _("Period: %(name)s (%(start)s – %(end)s); open and overdue as of %(reference)s") % {
        "name": period_name(year, quarter),
        "start": formats.date_format(period.start, "SHORT_DATE_FORMAT"),
        "end": formats.date_format(period.end, "SHORT_DATE_FORMAT"),
        "reference": formats.date_format(stats.reference_date, "SHORT_DATE_FORMAT"),
    }
    ws.merge_cells(f"A2:{last_col}2")
    ws.merge_cells(f"A3:{last_col}3")

    # Two header rows: the unit column and the ungrouped columns span both.
    head, sub = HEADER_ROW, HEADER_ROW + 1
    ws.cell(head, 1, _("Unit"))
    ws.merge_cells(start_row=head, start_column=1, end_row=sub, end_column=1)
    col = 2
    while col <= len(columns) + 1:
        group = columns[col - 2][0]
        span = 1
        if group:
            span = next((i for i, c in enumerate(columns[col - 2 :]) if c[0] != group), len(columns) - col + 2)
            ws.cell(head, col, group)
            ws.merge_cells(start_row=head, start_column=col, end_row=head, end_column=col + span - 1)
            for i in range(span):
                ws.cell(sub, col + i, columns[col - 2 + i][1])
        else:
            ws.cell(head, col, columns[col - 2][1])
            ws.merge_cells(start_row=head, start_column=col, end_row=sub, end_column=col)
        col += span
    for row in (head, sub):
        for c in range(1, len(columns) + 2):
            cell = ws.cell(row, c)
            cell.font = Font(bold=True)
            cell.fill = HEAD_FILL
            cell.border = BOX
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)

    rows = [
        ((_("%(unit)s (its own records)") % {"unit": r.unit.name}) if r.is_self else r.unit.name, r.by_level, r.figures)
        for r in stats.children
    ]
    if not rows:  # a team: its own line is the whole table
        rows = [(stats.unit.name, stats.by_level, stats.total)]
    rows.append((_("Total"), stats.by_level, stats.total))
    r = FIRST_DATA_ROW
    for index, (name, levels, figures) in enumerate(rows):
        is_total = index == len(rows) - 1
        ws.cell(r, 1, name).border = BOX
        ws.cell(r, 1).font = Font(bold=is_total)
        for c, (_group, _heading, value, number_format) in enumerate(columns, start=2):
            cell = ws.cell(r, c, value(levels, figures))
            cell.number_format = number_format
            cell.border = BOX
            cell.font = Font(bold=is_total)
            cell.alignment = Alignment(horizontal="right")
        r += 1
    r += 1
    due = filing_deadline(year, quarter)
    ws.cell(
        r,
        1,
        _("To be filed, signed by the principal person, by %(date)s.")
        % {"date": formats.date_format(due, "DATE_FORMAT")},
    )
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(columns) + 1)
    r += 1
    ws.cell(
        r,
        1,
        _(
            "Rectified: found in the period and closed by its end. Funds: of those closed in the period. "
            "Overdue: open on the reference date past the deadline. On-time rate: closed by the deadline "
            "/ closed in the period."
        ),
    )
    ws.cell(r, 1).alignment = Alignment(wrap_text=True, vertical="top")
    ws.cell(r, 1).font = Font(size=9, italic=True)
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(columns) + 1)
    ws.row_dimensions[r].height = 30
    r += 2
    signature_row = r
    ws.cell(r, 1, _("Principal person: %(name)s") % {"name": principal or "________"})
    ws.cell(r, 5, _("Signature: ____________________"))
    ws.cell(r, 9, _("Date: ____________"))
    r += 1
    ws.cell(
        r,
        1,
        _("Prepared on %(date)s by ZeroHarm")
        % {"date": formats.date_format(prepared_on or datetime.date.today(), "SHORT_DATE_FORMAT")},
    )
    ws.cell(r, 1).font = Font(size=9, color="808080")

    ws.column_dimensions["A"].width = 30
    for c in range(2, len(columns) + 2):
        ws.column_dimensions[get_column_letter(c)].width = 12
    ws.row_dimensions[sub].height = 32
    ws.freeze_panes = ws.cell(FIRST_DATA_ROW, 2)

    # Printing: A4 landscape, one page wide, header rows on every page, page numbers in the footer.
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.print_title_rows = f"{head}:{sub}"
    ws.print_area = f"A1:{last_col}{signature_row + 1}"
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.oddFooter.center.text = _("Page &P of &N")
    ws.oddFooter.right.text = stats.unit.name
    wb.properties.title = _("Hidden-danger investigation and governance statistics")
    wb.properties.creator = "ZeroHarm"

    return workbook_bytes(wb)

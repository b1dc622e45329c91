"""The issued closing report as documents: a PDF (WeasyPrint through core.pdf) and a Word file (core.docx), both
made from the report's frozen figures and text only, with the group's name as their header and the same chart (the
tasks of each unit: accepted, done and waiting for acceptance, still to do), drawn by core.charts: names as text."""

from __future__ import annotations

from django.utils.translation import gettext as _

from zeroharm.core import charts
from zeroharm.core.docx import WordDocument
from zeroharm.core.pdf import render_pdf
from zeroharm.org.selectors import group_name

__all__ = ["report_pdf", "report_docx", "unit_rows", "unit_header"]


def unit_header() -> list[str]:
    """The columns of the figures per unit, in the reader's language."""
    return [
        _("unit"),
        _("tasks"),
        _("done"),
        _("accepted"),
        _("overdue"),
        _("people"),
        _("pledge signed"),
        _("activities"),
        _("participants"),
        _("hidden dangers found"),
        _("rectified"),
    ]


_UNIT_KEYS = (
    "tasks",
    "done",
    "accepted",
    "overdue",
    "people",
    "signed",
    "activities",
    "participants",
    "hazards_found",
    "hazards_rectified",
)


def unit_rows(figures: dict) -> list[list]:
    """The figures per unit and the total, as rows under unit_header() (the xlsx, the Word table)."""
    rows = [[u["name"], *(u[k] for k in _UNIT_KEYS)] for u in figures["units"]]
    return [*rows, [_("Total"), *(figures["total"][k] for k in _UNIT_KEYS)]]


def _task_chart(figures: dict, *, for_pdf: bool):
    units = figures["units"]
    names = [u["name"] for u in units]
    accepted = [u["accepted"] for u in units]
    waiting = [u["done"] - u["accepted"] for u in units]
    to_do = [u["tasks"] - u["done"] for u in units]
    title = _("Tasks of each unit")
    with charts.chart((6.0, 0.5 + 0.35 * max(len(units), 1)), for_pdf=for_pdf) as figure:
        axes = figure.subplots()
        axes.barh(names, accepted, color=charts.GREEN, label=_("accepted"))
        axes.barh(names, waiting, left=accepted, color=charts.BLUE, label=_("done, to accept"))
        left = [a + w for a, w in zip(accepted, waiting, strict=True)]
        axes.barh(names, to_do, left=left, color=charts.ORANGE, label=_("to do"))
        axes.invert_yaxis()
        axes.legend(loc="lower right", fontsize=8)
        if for_pdf:
            return charts.data_uri(charts.svg_bytes(figure, title))
        return charts.png_bytes(figure)


def document_context(report) -> dict:
    return {
        "report": report,
        "group": group_name(report.unit),
        "figures": report.figures,
        "sections": report.section_texts(),
    }


def report_pdf(report, request=None) -> bytes:
    context = document_context(report)
    if report.figures["units"]:
        context["chart"] = _task_chart(report.figures, for_pdf=True)
    return render_pdf("campaigns/closing_report_pdf.html", context, request)


def report_docx(report) -> bytes:
    """The Word file, for the organisers who pass the report on in Word; the kept copy stays as issued."""
    figures = report.figures
    document = WordDocument(header=group_name(report.unit), title=report.title)
    document.text(
        _("%(campaign)s · %(theme)s · from %(start)s to %(end)s")
        % {k: figures[k] for k in ("campaign", "theme", "start", "end")}
    )
    for key, heading, text in report.section_texts():
        document.heading(heading)
        document.text(text.replace("\n", "\n\n"))
        if key == "done":
            document.table(unit_header(), unit_rows(figures))
            if figures["units"]:
                document.picture(_task_chart(figures, for_pdf=False))
    return document.bytes()

"""The issued review as documents: a PDF (WeasyPrint through core.pdf) and a Word file (python-docx), both made from
the review's frozen figures and text only, with the group's name as their header and the same two charts (injuries
against the earlier periods; hidden dangers found, rectified, open and overdue), drawn by core.charts: names as text."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _

from zeroharm.core import charts
from zeroharm.core.pdf import render_pdf
from zeroharm.core.scoping import ORG_STEPLEN
from zeroharm.org.models import OrgUnit

__all__ = ["review_pdf", "review_docx", "document_context"]


def _injury_chart(figures: dict, *, for_pdf: bool):
    labels = [_("this period")] + [c["label"] for c in figures["comparisons"]]
    values = [figures["injuries"]] + [c["injuries"] for c in figures["comparisons"]]
    with charts.chart((5.5, 2.4), for_pdf=for_pdf) as figure:
        axes = figure.subplots()
        axes.bar(labels, values, color=[charts.BLUE, charts.GREY, charts.GREY])
        axes.set_ylabel(_("people injured"))
        for x, value in enumerate(values):
            axes.annotate(str(value), (x, value), ha="center", va="bottom")
        return _rendered(figure, _("Injuries against the earlier periods"), for_pdf)


def _hazard_chart(figures: dict, *, for_pdf: bool):
    hazards = figures["hazards"]
    labels = [_("found"), _("rectified"), _("open"), _("overdue")]
    values = [hazards["found"], hazards["rectified"], hazards["open"], hazards["overdue"]]
    with charts.chart((5.5, 2.4), for_pdf=for_pdf) as figure:
        axes = figure.subplots()
        axes.bar(labels, values, color=[charts.BLUE, charts.GREEN, charts.ORANGE, charts.RED])
        for x, value in enumerate(values):
            axes.annotate(str(value), (x, value), ha="center", va="bottom")
        return _rendered(figure, _("Hidden dangers"), for_pdf)


def _rendered(figure, title: str, for_pdf: bool):
    return charts.data_uri(charts.svg_bytes(figure, title)) if for_pdf else charts.png_bytes(figure)


def document_context(review) -> dict:
    return {
        "review": review,
        "group": OrgUnit.objects.filter(path=review.unit.path[:ORG_STEPLEN]).values_list("name", flat=True).first(),
        "figures": review.figures,
        "sections": list(review.sections.all()),
        "deficiencies": list(review.deficiencies.all()),
        "plan": list(review.plan_items.select_related("owner")),
    }


def review_pdf(review, request=None) -> bytes:
    context = document_context(review)
    context["charts"] = [
        (_("Injuries against the earlier periods"), _injury_chart(review.figures, for_pdf=True)),
        (_("Hidden dangers"), _hazard_chart(review.figures, for_pdf=True)),
    ]
    return render_pdf("reports/review_pdf.html", context, request)


def _figure_rows(figures: dict) -> list[tuple[str, str]]:
    rows = [(row["label"], "—" if row["value"] is None else f"{row['value']:.4g}") for row in figures["indicators"]]
    hazards = figures["hazards"]
    rows += [
        (_("Hidden dangers found"), str(hazards["found"])),
        (_("Hidden dangers rectified"), str(hazards["rectified"])),
        (_("Hidden dangers overdue"), str(hazards["overdue"])),
    ]
    return rows


def _docx_table(document, header: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text


def review_docx(review) -> bytes:
    """The Word file: the department often edits the issued text further in Word; the kept copy stays as issued."""
    from docx import Document
    from docx.shared import Cm

    context = document_context(review)
    figures = review.figures
    document = Document()
    document.sections[0].header.paragraphs[0].text = context["group"]
    document.add_heading(review.title, level=0)
    document.add_paragraph(_("Period: %(start)s – %(end)s") % {"start": figures["start"], "end": figures["end"]})
    for section in context["sections"]:
        document.add_heading(section.get_key_display(), level=1)
        for paragraph in section.text.split("\n\n"):
            document.add_paragraph(paragraph)
        if section.key == "overview":
            _docx_table(document, [_("Figure"), _("Value")], [list(row) for row in _figure_rows(figures)])
            _docx_targets(document, figures)
            document.add_picture(io.BytesIO(_injury_chart(figures, for_pdf=False)), width=Cm(14))
            document.add_picture(io.BytesIO(_hazard_chart(figures, for_pdf=False)), width=Cm(14))
        if section.key == "deficiencies":
            for item in context["deficiencies"]:
                document.add_paragraph(f"{item.finding} {_('Cause:')} {item.cause}", style="List Number")
        if section.key == "plan":
            rows = [
                [p.text, p.owner.name if p.owner else "—", p.due_on.isoformat() if p.due_on else "—"]
                for p in context["plan"]
            ]
            _docx_table(document, [_("Plan item"), _("Owner"), _("Due")], rows)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _docx_targets(document, figures: dict) -> None:
    if not figures["targets"]:
        return
    rows = [
        [
            t["label"],
            f"{t['comparison']} {t['value']:g}",
            "—" if t["actual"] is None else f"{t['actual']:g}",
            t["standing_label"],
        ]
        for t in figures["targets"]
    ]
    _docx_table(document, [_("Target"), _("Agreed"), _("Actual"), _("Standing")], rows)

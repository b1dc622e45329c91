"""The issued review as documents: a PDF (WeasyPrint through core.pdf) and a Word file (python-docx), both made from
the review's frozen figures and text only, with the group's name as their header and the same two charts (injuries
against the earlier periods; hidden dangers found, rectified, open and overdue), drawn by core.charts: names as text."""

from __future__ import annotations

from django.utils.translation import gettext as _

from zeroharm.core import charts
from zeroharm.core.docx import WordDocument
from zeroharm.core.pdf import render_pdf
from zeroharm.org.selectors import group_name

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
        "group": group_name(review.unit),
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


def review_docx(review) -> bytes:
    """The Word file: the department often edits the issued text further in Word; the kept copy stays as issued."""
    context = document_context(review)
    figures = review.figures
    document = WordDocument(header=context["group"], title=review.title)
    document.text(_("Period: %(start)s – %(end)s") % {"start": figures["start"], "end": figures["end"]})
    for section in context["sections"]:
        document.heading(section.get_key_display())
        document.text(section.text)
        if section.key == "overview":
            document.table([_("Figure"), _("Value")], _figure_rows(figures))
            _docx_targets(document, figures)
            document.picture(_injury_chart(figures, for_pdf=False))
            document.picture(_hazard_chart(figures, for_pdf=False))
        if section.key == "work" and figures.get("campaigns"):  # reviews issued before campaigns were counted
            document.table(*_campaign_table(figures["campaigns"]))
        if section.key == "deficiencies":
            document.numbered(f"{item.finding} {_('Cause:')} {item.cause}" for item in context["deficiencies"])
        if section.key == "plan":
            rows = [
                [p.text, p.owner.name if p.owner else "—", p.due_on.isoformat() if p.due_on else "—"]
                for p in context["plan"]
            ]
            document.table([_("Plan item"), _("Owner"), _("Due")], rows)
    return document.bytes()


def _campaign_table(campaigns: list[dict]) -> tuple[list[str], list[list[str]]]:
    header = [
        _("campaign"),
        _("tasks accepted"),
        _("pledge signed"),
        _("hidden dangers found"),
        _("commitments kept / open"),
    ]
    rows = [
        [
            c["name"],
            f"{c['total']['accepted']} / {c['total']['tasks']}",
            f"{c['total']['signed']} / {c['total']['people']}",
            str(c["total"]["hazards_found"]),
            f"{c['kept']} / {c['open']}",
        ]
        for c in campaigns
    ]
    return header, rows


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
    document.table([_("Target"), _("Agreed"), _("Actual"), _("Standing")], rows)

"""The analysis charts, drawn on the server with matplotlib as self-contained SVG (as `hazards.charts`).

Text is drawn as glyph outlines, so Chinese labels show on any device and in the PDF; every label goes
through gettext. Bars carry their drill-down link (`<a>` in the SVG), which works where the SVG is opened by
itself; on the pages, the table under each chart holds the same links. Figures use the object API
(`matplotlib.figure.Figure`), never pyplot, so requests in several threads share no state.
"""

from __future__ import annotations

import base64
import io
import textwrap

import matplotlib
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

from zeroharm.analytics.selectors import CHRONOLOGICAL, Breakdown, UnitSeries
from zeroharm.hazards.charts import RC

matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402 - after choosing the backend
from matplotlib.ticker import MaxNLocator  # noqa: E402

__all__ = ["breakdown_svg", "u_chart_svg", "data_uri"]

BLUE, RED, GREY, INK, ORANGE, GREEN = "#1f6fd1", "#d7261e", "#8a9399", "#1d2327", "#f08c00", "#1b7a43"


def _svg(figure: Figure, title: str) -> bytes:
    out = io.BytesIO()
    figure.savefig(out, format="svg", metadata={"Date": None, "Title": title})
    return out.getvalue()


# For the PDF: text as <text> elements in the fonts of the PDF's own CSS (the server has them), instead of glyph
# outlines, which the PDF renderer draws many times slower.
PDF_RC = {"svg.fonttype": "none"}


def data_uri(svg: bytes) -> str:
    """The SVG as a data: URL, for an <img> in a PDF (the PDF renderer reads no other URL)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def _short_month(key: str) -> str:
    import datetime

    return date_format(datetime.date.fromisoformat(key), _("M Y"))


def breakdown_svg(breakdown: Breakdown, title: str, *, for_pdf: bool = False) -> bytes:
    """Columns in time order (months, weekdays, hours) or horizontal bars, the most frequent first."""
    rows = breakdown.rows
    with matplotlib.rc_context({**RC, **(PDF_RC if for_pdf else {})}):
        if breakdown.dimension in CHRONOLOGICAL:
            figure = Figure(figsize=(7.5, 3.2), layout="constrained")
            ax = figure.add_subplot()
            positions = list(range(len(rows)))
            bars = ax.bar(positions, [r.count for r in rows], 0.7, color=BLUE)
            labels = [_short_month(r.key) if breakdown.dimension == "month" else r.label for r in rows]
            many = len(rows) > 12
            ax.set_xticks(
                positions,
                labels,
                rotation=60 if breakdown.dimension == "month" and many else 0,
                ha="right" if breakdown.dimension == "month" and many else "center",
                fontsize=8 if many else 9,
            )
            ax.yaxis.set_major_locator(MaxNLocator(integer=True))
            ax.set_ylabel(_("Incidents"))
            ax.grid(axis="y", color="#e3e6e8")
        else:
            shown = sorted(rows, key=lambda r: -r.count) if breakdown.dimension != "unit" else rows
            height = max(1.6, 0.32 * len(shown) + 0.9)
            figure = Figure(figsize=(7.5, height), layout="constrained")
            ax = figure.add_subplot()
            positions = list(range(len(shown)))
            bars = ax.barh(positions, [r.count for r in shown], 0.65, color=BLUE)
            ax.set_yticks(positions, [textwrap.shorten(r.label, 40, placeholder="…") for r in shown], fontsize=9)
            ax.invert_yaxis()
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
            ax.set_xlabel(_("Incidents"))
            ax.grid(axis="x", color="#e3e6e8")
            for bar, row in zip(bars, shown, strict=True):
                if row.count:
                    ax.annotate(
                        str(row.count),
                        (bar.get_width(), bar.get_y() + bar.get_height() / 2),
                        textcoords="offset points",
                        xytext=(3, 0),
                        va="center",
                        fontsize=8,
                        color=INK,
                    )
            rows = shown
        for bar, row in zip(bars, rows, strict=True):
            if row.url:
                bar.set_url(row.url)
        ax.set_axisbelow(True)
        ax.set_title(title, loc="left", fontsize=11)
        return _svg(figure, title)


def u_chart_svg(series: UnitSeries, title: str, *, for_pdf: bool = False) -> bytes:
    """The monthly recordable rate (per 200,000 h) with the baseline's centre line and, after the baseline,
    the 3σ upper limit of each month; months that signal in red. Months without hours are gaps."""
    months = series.months
    rates = [c / (float(h) / 200_000) if h > 0 else None for c, h in zip(series.cases, series.hours, strict=True)]
    b = series.baseline_months
    signal = set(series.signal_months())
    with matplotlib.rc_context({**RC, **(PDF_RC if for_pdf else {})}):
        figure = Figure(figsize=(7.5, 3.2), layout="constrained")
        ax = figure.add_subplot()
        xs = list(range(len(months)))
        ax.plot(
            [x for x, r in zip(xs, rates, strict=True) if r is not None],
            [r for r in rates if r is not None],
            color=BLUE,
            linewidth=1,
            zorder=2,
        )
        for x, r, month in zip(xs, rates, months, strict=True):
            if r is None:
                continue
            color = RED if month in signal else (GREY if x < b else BLUE)
            ax.plot([x], [r], marker="o", markersize=5, color=color, zorder=3)
        chart = series.chart
        if chart is not None and chart.center is not None:
            ax.axhline(chart.center, color=GREEN, linewidth=1.2, label=_("Baseline rate (centre line)"))
            ucl_x = [b + p.index for p in chart.points if p.ucl is not None]
            ucl_y = [p.ucl for p in chart.points if p.ucl is not None]
            if ucl_x:
                ax.step(
                    ucl_x,
                    ucl_y,
                    where="mid",
                    color=ORANGE,
                    linestyle="--",
                    linewidth=1,
                    label=_("Upper control limit (3σ)"),
                )
        if b:
            ax.axvspan(-0.5, b - 0.5, color="#eceff1", zorder=0, label=_("Baseline months"))
        ax.set_xticks(
            xs,
            [date_format(m, _("M Y")) for m in months],
            rotation=60 if len(months) > 12 else 0,
            ha="right" if len(months) > 12 else "center",
            fontsize=8,
        )
        ax.set_xlim(-0.5, max(len(months) - 0.5, 0.5))
        ax.set_ylim(bottom=0)
        ax.set_ylabel(_("Recordable cases per 200,000 h"))
        ax.grid(axis="y", color="#e3e6e8")
        ax.set_axisbelow(True)
        ax.set_title(title, loc="left", fontsize=11)
        if chart is not None and chart.center is not None or b:
            ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1, 1))
        return _svg(figure, title)

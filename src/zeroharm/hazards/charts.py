"""The statistics page's charts, drawn on the server with matplotlib as self-contained SVG.

Text is drawn as glyph outlines (`svg.fonttype = "path"`), so the chart needs no font on the viewer's
device and Chinese labels show everywhere; matplotlib keeps each text as an XML comment before its
outlines, and the title goes into the SVG's metadata (the page's <img alt> names the chart). Figures
are built with the object API (`matplotlib.figure.Figure`), never pyplot, so requests in several
threads do not share state.
"""

from __future__ import annotations

import io
import textwrap

import matplotlib
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

from zeroharm.hazards.statistics import ParetoRow, TrendRow

matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402 - after choosing the backend
from matplotlib.ticker import MaxNLocator, PercentFormatter  # noqa: E402

__all__ = ["trend_svg", "pareto_svg", "FONT_FAMILY"]

# Noto CJK covers Latin and Chinese; DejaVu Sans (shipped with matplotlib) is the fallback.
FONT_FAMILY = ["Noto Sans CJK SC", "Noto Sans CJK JP", "WenQuanYi Zen Hei", "DejaVu Sans"]
GREEN, BLUE, ORANGE, INK = "#1b7a43", "#1f6fd1", "#f08c00", "#1d2327"
RC = {
    "font.family": "sans-serif",
    "font.sans-serif": FONT_FAMILY,
    "font.size": 10,
    "svg.fonttype": "path",
    "svg.hashsalt": "zeroharm",  # the same chart is the same bytes
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#8a9399",
    "axes.labelcolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
}


def _svg(figure: Figure, title: str) -> bytes:
    out = io.BytesIO()
    figure.savefig(out, format="svg", metadata={"Date": None, "Title": title})
    return out.getvalue()


def _month_label(month) -> str:
    return date_format(month, _("M Y"))


def trend_svg(rows: list[TrendRow], title: str) -> bytes:
    """Found and closed per month: two bars per month."""
    with matplotlib.rc_context(RC):
        figure = Figure(figsize=(7.5, 3.4), layout="constrained")
        ax = figure.add_subplot()
        positions = list(range(len(rows)))
        width = 0.4
        ax.bar([p - width / 2 for p in positions], [r.found for r in rows], width, label=_("Found"), color=ORANGE)
        ax.bar([p + width / 2 for p in positions], [r.closed for r in rows], width, label=_("Closed"), color=GREEN)
        ax.set_xticks(
            positions,
            [_month_label(r.month) for r in rows],
            rotation=45 if len(rows) > 6 else 0,
            ha="right" if len(rows) > 6 else "center",
        )
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_ylabel(_("Hidden dangers"))
        ax.set_title(title, loc="left", fontsize=11)
        ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1, 1))
        ax.grid(axis="y", color="#e3e6e8")
        ax.set_axisbelow(True)
        return _svg(figure, title)


def pareto_svg(rows: list[ParetoRow], title: str) -> bytes:
    """Bars of the categories (most frequent first) and the cumulative percentage as a line."""
    with matplotlib.rc_context(RC):
        figure = Figure(figsize=(7.5, 3.6), layout="constrained")
        ax = figure.add_subplot()
        positions = list(range(len(rows)))
        ax.bar(positions, [r.count for r in rows], 0.6, color=BLUE, label=_("Found"))
        ax.set_xticks(positions, [textwrap.fill(r.label, 14) for r in rows])
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_ylabel(_("Hidden dangers"))
        ax.set_title(title, loc="left", fontsize=11)
        cumulative = ax.twinx()
        cumulative.plot(
            positions, [float(r.cumulative) for r in rows], color=ORANGE, marker="o", label=_("Cumulative %")
        )
        cumulative.set_ylim(0, 105)
        cumulative.yaxis.set_major_formatter(PercentFormatter())
        cumulative.spines["right"].set_visible(True)
        cumulative.axhline(80, color="#8a9399", linestyle="--", linewidth=0.8)
        for x, r in zip(positions, rows, strict=True):
            cumulative.annotate(
                f"{r.cumulative}%",
                (x, float(r.cumulative)),
                textcoords="offset points",
                xytext=(0, 6),
                ha="center",
                fontsize=8,
                color=INK,
            )
        ax.grid(axis="y", color="#e3e6e8")
        ax.set_axisbelow(True)
        return _svg(figure, title)

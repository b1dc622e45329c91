"""The statistics page's charts (found and closed per month, the Pareto of categories) as self-contained SVG,
in the house style of core.charts (the page's <img alt> names each chart)."""

from __future__ import annotations

import textwrap

from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from matplotlib.ticker import MaxNLocator, PercentFormatter

from zeroharm.core.charts import BLUE, GREEN, INK, ORANGE, chart, svg_bytes
from zeroharm.hazards.trends import ParetoRow, TrendRow

__all__ = ["trend_svg", "pareto_svg"]


def _month_label(month) -> str:
    return date_format(month, _("M Y"))


def trend_svg(rows: list[TrendRow], title: str) -> bytes:
    """Found and closed per month: two bars per month."""
    with chart((7.5, 3.4)) as figure:
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
        return svg_bytes(figure, title)


def pareto_svg(rows: list[ParetoRow], title: str) -> bytes:
    """Bars of the categories (most frequent first) and the cumulative percentage as a line."""
    with chart((7.5, 3.6)) as figure:
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
        return svg_bytes(figure, title)

"""The training figures' charts (core.charts' house style): a bar per child unit."""

from __future__ import annotations

import textwrap

from matplotlib.ticker import PercentFormatter

from zeroharm.core.charts import BLUE, GREEN, chart, svg_bytes

__all__ = ["bars_svg"]


def bars_svg(labels: list[str], values: list[float], title: str, *, percent: bool = False, for_pdf: bool = False):
    """One bar per child unit (names drawn as text), the value written above each bar."""
    height = 3.2
    with chart((7.5, height), for_pdf=for_pdf) as figure:
        ax = figure.add_subplot()
        positions = list(range(len(labels)))
        bars = ax.bar(positions, values, 0.6, color=GREEN if percent else BLUE)
        ax.bar_label(bars, labels=[f"{v:.1f}" for v in values], fontsize=8)
        ax.set_xticks(positions, [textwrap.fill(label, 12) for label in labels], fontsize=8)
        if percent:
            ax.set_ylim(0, 105)
            ax.yaxis.set_major_formatter(PercentFormatter())
        ax.set_title(title, loc="left", fontsize=11)
        ax.grid(axis="y", color="#e3e6e8")
        ax.set_axisbelow(True)
        return svg_bytes(figure, title)

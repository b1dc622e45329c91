"""The analysis report's charts (PDF) as self-contained SVG, in the house style of core.charts (names drawn as
written, text as text in the PDF); every label goes through gettext. The pages draw the same figures in the browser
(analytics.browser_charts, core.echarts), where a bar opens its incidents.
"""

from __future__ import annotations

import textwrap

from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from matplotlib.ticker import MaxNLocator

from zeroharm.analytics.selectors import CHRONOLOGICAL, Breakdown, UnitSeries
from zeroharm.core.charts import BLUE, GREEN, GREY, INK, ORANGE, RED, chart, data_uri, svg_bytes

__all__ = ["breakdown_svg", "u_chart_svg", "data_uri"]


def _short_month(key: str) -> str:
    import datetime

    return date_format(datetime.date.fromisoformat(key), _("M Y"))


def breakdown_svg(breakdown: Breakdown, title: str, *, for_pdf: bool = False) -> bytes:
    """Columns in time order (months, weekdays, hours) or horizontal bars, the most frequent first."""
    rows = breakdown.rows
    chronological = breakdown.dimension in CHRONOLOGICAL
    height = 3.2 if chronological else max(1.6, 0.32 * len(rows) + 0.9)
    with chart((7.5, height), for_pdf=for_pdf) as figure:
        ax = figure.add_subplot()
        if chronological:
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
        return svg_bytes(figure, title)


def u_chart_svg(series: UnitSeries, title: str, *, for_pdf: bool = False) -> bytes:
    """The monthly recordable rate (per 200,000 h) with the baseline's centre line and, after the baseline,
    the 3σ upper limit of each month; months that signal in red. Months without hours are gaps."""
    months = series.months
    rates = [c / (float(h) / 200_000) if h > 0 else None for c, h in zip(series.cases, series.hours, strict=True)]
    b = series.baseline_months
    signal = set(series.signal_months())
    with chart((7.5, 3.2), for_pdf=for_pdf) as figure:
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
        control = series.chart
        if control is not None and control.center is not None:
            ax.axhline(control.center, color=GREEN, linewidth=1.2, label=_("Baseline rate (centre line)"))
            ucl_x = [b + p.index for p in control.points if p.ucl is not None]
            ucl_y = [p.ucl for p in control.points if p.ucl is not None]
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
        if control is not None and control.center is not None or b:
            ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1, 1))
        return svg_bytes(figure, title)

"""THE browser chart: figures as an Apache ECharts option, drawn by `static/zeroharm/charts.js`.

A page builds a `Chart` from its figures (categories, and per series one `Point` per category with the address of
the records behind it) and renders it with `{% echart chart %}` (core.templatetags.zeroharm): a container, the
option as `json_script` (data, never markup: no inline script, as the Content-Security-Policy asks) and the same
figures as a table in `<details>` for screen readers, keyboards and browsers without script. The table is built from
the same `Chart`, so the chart and its table cannot disagree. PDFs keep drawing their figures with `core.charts`
(matplotlib) on the server.

User text is text: names go into the option as plain strings; charts.js draws tooltips from them escaped, the
option names no `rich` styles and no string formatters (which would read `{a}` or `{b|…}` inside a name), and a
click follows only a relative address of this site (`Point.url`, produced by `reverse()`).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from zeroharm.core.charts import BLUE, GREEN, GREY, INK, ORANGE, RED

__all__ = ["PALETTE", "SIZES", "Point", "Series", "Chart", "bar_chart"]

PALETTE = [BLUE, ORANGE, GREEN, RED, GREY, "#6f42c1", "#0b7285", "#a61e4d"]
# Font sizes in CSS pixels: a desk page, and a big screen read from across a room (1920 × 1080).
SIZES = {
    "page": {"font": 14, "height": 320, "ink": INK},
    "screen": {"font": 26, "height": 300, "ink": "#f4f6f5"},  # light on the big screen's dark background
}
KINDS = ("bar", "line", "pie")
_ids = itertools.count(1)


@dataclass(frozen=True)
class Point:
    """One figure and the relative address of the list of its records ("" when there is nothing to open)."""

    value: float | int | None
    url: str = ""
    color: str = ""  # this point's own colour (a month that signals), else its series'

    def item(self) -> dict:
        item: dict = {"value": self.value}
        if self.url:
            item["url"] = self.url
        if self.color:
            item["itemStyle"] = {"color": self.color}
        return item


@dataclass(frozen=True)
class Series:
    name: str
    points: list[Point]
    kind: str = "bar"  # "bar", "line" or "pie"
    color: str = ""
    dashed: bool = False  # a limit or a reference line rather than a measured figure
    step: bool = False  # drawn as steps (a control limit that changes per month)

    def option(self, index: int) -> dict:
        if self.kind not in KINDS:
            raise ValueError(f"series {self.name}: kind must be one of {KINDS}")
        color = self.color or PALETTE[index % len(PALETTE)]
        option = {"type": self.kind, "name": self.name, "data": [p.item() for p in self.points]}
        if self.kind == "pie":
            return {**option, "radius": ["35%", "65%"]}
        option["itemStyle"] = {"color": color}
        if self.kind == "line":
            option.update(connectNulls=False, symbolSize=8, lineStyle={"color": color, "width": 2})
            if self.dashed:
                option.update(symbol="none", lineStyle={"color": color, "width": 2, "type": "dashed"})
            if self.step:
                option["step"] = "middle"
        return option


@dataclass(frozen=True)
class Chart:
    """A chart of one or more series over the same categories; `horizontal` draws bars from the left (long names),
    `size` "screen" is the big-screen variant; `value_name` names the value axis (with its unit)."""

    title: str
    categories: list[str]
    series: list[Series]
    category_name: str = ""  # the table's first column
    value_name: str = ""
    horizontal: bool = False
    integer: bool = False  # counts: no ticks between whole numbers
    size: str = "page"
    dom_id: str = field(default_factory=lambda: f"echart-{next(_ids)}")

    @property
    def height(self) -> int:
        """Pixels: horizontal bars grow with their number, so that every name stays readable."""
        base = SIZES[self.size]["height"]
        return max(base, 36 * len(self.categories) + 80) if self.horizontal else base

    def option(self) -> dict:
        font, ink = SIZES[self.size]["font"], SIZES[self.size]["ink"]
        option = {
            "animation": False,
            "textStyle": {"fontSize": font, "color": ink},
            "tooltip": {"trigger": "item", "textStyle": {"fontSize": font}},
            "legend": {"show": len(self.series) > 1, "top": 0, "textStyle": {"fontSize": font, "color": ink}},
            "series": [s.option(i) for i, s in enumerate(self.series)],
        }
        if self.series and self.series[0].kind == "pie":
            option["series"][0]["data"] = [
                {**p.item(), "name": name} for name, p in zip(self.categories, self.series[0].points, strict=True)
            ]
            return option
        option.update(self._axes(font, ink))
        return option

    def _axes(self, font: int, ink: str) -> dict:
        label = {"fontSize": font, "color": ink, "hideOverlap": True}
        category = {"type": "category", "data": list(self.categories), "axisLabel": label}
        value = {
            "type": "value",
            "name": self.value_name,
            "nameTextStyle": {"fontSize": font, "color": ink},
            "axisLabel": label,
        }
        if self.integer:
            value["minInterval"] = 1
        # room above the plot for the legend (it wraps to a second line beyond two series) and the axis name
        grid = {"left": 16, "right": 24, "bottom": 8, "top": font * (3 + 2 * min(len(self.series) - 1, 2))}
        if self.horizontal:  # the first category at the top, as in a ranked table
            category.update(inverse=True, axisLabel={**label, "width": 18 * font, "overflow": "truncate"})
            return {"grid": grid, "xAxis": value, "yAxis": category}
        return {"grid": grid, "xAxis": category, "yAxis": value}

    def rows(self) -> list[tuple[str, list[Point]]]:
        """The figures as the accessible table shows them: a row per category, a cell per series."""
        return [(name, [s.points[i] for s in self.series]) for i, name in enumerate(self.categories)]


def bar_chart(title: str, rows, *, series_name: str, **kwargs) -> Chart:
    """One series of bars from (label, value, url) rows; `kwargs` are Chart's (category_name, horizontal, …)."""
    rows = list(rows)
    points = [Point(value, url or "") for _label, value, url in rows]
    categories = [str(label) for label, _value, _url in rows]
    return Chart(title=title, categories=categories, series=[Series(series_name, points)], **kwargs)

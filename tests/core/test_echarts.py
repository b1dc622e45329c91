"""THE browser chart (core.echarts and {% echart %}): the option from the figures, the table from the same figures,
user text as data, the big-screen size."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
from django.template import Context, Template

from zeroharm.core.echarts import SIZES, Chart, Point, Series, bar_chart

XSS = "<img src=x onerror=alert(1)>"


def _chart(**kwargs) -> Chart:
    rows = [("Press {a|b}", 3, "/incidents/?agent=press"), (XSS, 1, ""), ("None yet", 0, None)]
    return bar_chart("By agent", rows, series_name=XSS, category_name="Agent", **kwargs)


def _render(chart: Chart, table: str = "") -> str:
    return Template("{% load zeroharm %}{% echart chart " + table + "%}").render(Context({"chart": chart}))


def test_a_bar_chart_holds_each_figure_with_its_records():
    option = _chart().option()
    assert option["xAxis"]["data"] == ["Press {a|b}", XSS, "None yet"]
    assert option["series"][0]["data"] == [{"value": 3, "url": "/incidents/?agent=press"}, {"value": 1}, {"value": 0}]
    assert option["legend"]["show"] is False and option["yAxis"]["type"] == "value"


def test_horizontal_bars_put_the_names_on_the_vertical_axis_first_at_the_top():
    chart = _chart(horizontal=True)
    option = chart.option()
    assert option["yAxis"]["type"] == "category" and option["yAxis"]["inverse"] is True
    assert option["xAxis"]["type"] == "value" and chart.height >= SIZES["page"]["height"]


def test_lines_with_a_dashed_step_limit_and_a_coloured_point():
    chart = Chart(
        "Rate",
        ["Jan", "Feb"],
        [
            Series("Rate", [Point(1.5, "/a/", "#d7261e"), Point(None)], kind="line"),
            Series("Limit", [Point(None), Point(3.0)], kind="line", dashed=True, step=True),
        ],
    )
    rate, limit = chart.option()["series"]
    assert rate["data"][0] == {"value": 1.5, "url": "/a/", "itemStyle": {"color": "#d7261e"}}
    assert limit["lineStyle"]["type"] == "dashed" and limit["step"] == "middle" and limit["symbol"] == "none"
    assert chart.option()["legend"]["show"] is True
    assert chart.rows() == [("Jan", [Point(1.5, "/a/", "#d7261e"), Point(None)]), ("Feb", [Point(None), Point(3.0)])]


def test_a_pie_names_its_slices():
    chart = Chart("Kinds", ["Near miss", "Injury"], [Series("Incidents", [Point(4, "/n/"), Point(1)], kind="pie")])
    (pie,) = chart.option()["series"]
    assert pie["data"] == [{"value": 4, "url": "/n/", "name": "Near miss"}, {"value": 1, "name": "Injury"}]
    with pytest.raises(ValueError):
        Chart("x", ["a"], [Series("s", [Point(1)], kind="radar")]).option()


def test_the_big_screen_variant_is_larger_and_light_on_dark():
    page, screen = _chart().option(), _chart(size="screen").option()
    assert screen["textStyle"]["fontSize"] > page["textStyle"]["fontSize"] >= 14
    assert screen["xAxis"]["axisLabel"]["fontSize"] == SIZES["screen"]["font"]
    assert screen["textStyle"]["color"] != page["textStyle"]["color"]


def test_the_page_carries_the_option_as_data_and_the_same_figures_as_a_table():
    chart = _chart()
    html = _render(chart)
    option_id = f"{chart.dom_id}-option"
    assert f'data-echart="{option_id}"' in html
    data = re.search(rf'<script id="{option_id}" type="application/json">(.*?)</script>', html, re.S).group(1)
    assert json.loads(unescape(data)) == chart.option()
    cells = re.findall(r'<th scope="row">(.*?)</th><td>(.*?)</td>', html)
    assert cells == [
        ("Press {a|b}", '<a href="/incidents/?agent=press">3</a>'),
        ("&lt;img src=x onerror=alert(1)&gt;", "1"),
        ("None yet", "0"),
    ]
    assert '<details class="echart-table" open>' in html
    assert "echart-table" not in _render(chart, "table=False")


def test_user_text_is_never_markup_in_the_page_or_the_option():
    chart = _chart()
    html = _render(chart)
    assert XSS not in html and "\\u003Cimg src=x onerror=alert(1)\\u003E" in html
    text = json.dumps(chart.option())
    assert "rich" not in text and "formatter" not in text  # nothing that reads markup or templates in a name

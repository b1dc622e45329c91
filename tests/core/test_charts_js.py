"""zeroharm/charts.js in Chromium: a bar chart of a few categories names every bar (its label wrapped to the bar's
width), where ECharts alone hides every other long name as overlapping (the training figures' five branches showed
three names)."""

from __future__ import annotations

import json

import pytest
from django.templatetags.static import static

from zeroharm.core.echarts import Chart, Point, Series

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAMES = ["华东化工分公司", "重型机械分公司", "物流运输分公司", "建筑工程分公司", "电力能源分公司", "集团本部"]


def _page(live_server, option: dict) -> str:
    return f"""<!doctype html><html lang="zh-hans"><body>
<div data-echart="c-option" style="width: 390px"></div>
<script id="c-option" type="application/json">{json.dumps(option)}</script>
<script src="{live_server.url}{static("zeroharm/charts.js")}"
        data-echarts="{live_server.url}{static("vendor/echarts/echarts.min.js")}"></script>
</body></html>"""


def _labels(page) -> str:
    page.wait_for_selector("[data-echart] svg")
    return page.eval_on_selector(
        "[data-echart] svg", "svg => Array.from(svg.querySelectorAll('text')).map(t => t.textContent).join('|')"
    )


def test_every_bar_of_a_few_keeps_its_name(new_context, live_server):
    chart = Chart(
        title="覆盖率",
        categories=NAMES,
        series=[Series(name="覆盖率", points=[Point(v) for v in (96, 98, 95, 97, 99, 100)])],
    )
    page = new_context().new_page()
    page.set_content(_page(live_server, chart.option()))
    shown = _labels(page).replace("|", "")
    assert all(name in shown or all(part in shown for part in (name[:4], name[4:])) for name in NAMES), shown

"""Hidden-danger statistics (issue 3, point 14) against figures counted by hand.

The test tree (see conftest):  G ── A ── A1 ── A1a, A1b
                                    │     └── A2
                                    └── B ── B1 ── B1a

The period is Q3 2025 (2025-07-01 – 2025-09-30), in the past, so the reference date is its last day,
2025-09-30. Times are Asia/Shanghai (the site's zone). The hidden dangers (h = state, level, category):

 id   unit  found       state               lvl  cat   deadline    closed (local)     days ontime  accepted
 h1   A1a   2025-07-05  closed              gen  cond  2025-07-20  2025-07-15 10:00     10   yes
 h2   A1a   2025-07-10  closed              gen  act   2025-07-20  2025-08-09 10:00     30   no     (owner: worker)
 h3   A1b   2025-08-01  closed              maj  mgmt  2025-09-01  2025-09-30 23:30     60   no     2025-09-10
 h4   A1a   2025-06-15  closed              gen  cond  2025-06-25  2025-07-01 00:30     16   no     (found before)
 h5   A2    2025-08-20  in_rectification    gen  env   2025-09-10  —                              → overdue
 h6   A2    2025-09-05  assigned            maj  cond  2025-12-01  —
 h7   A     2025-09-25  reported            —    —     —           —                              (A's own)
 h8   A1a   2025-05-01  accepted            maj  act   2025-08-01  —      accepted 2025-07-25: not overdue
 h9   A1b   2025-04-01  pending_acceptance  gen  mgmt  2025-06-30  —                              → overdue
 h10  A1a   2025-09-28  closed              gen  cond  2025-10-10  2025-10-01 00:10      3   yes    (closed after)
 h11  A1a   2025-10-05  reported                                                                   (found after)
 h12  A1a   2025-03-01  closed              gen  cond  2025-03-20  2025-04-01 10:00     31   no     (all before)
 h13  B1a   2025-07-07  closed              gen  cond  2025-07-09  2025-07-08 10:00      1   yes    (branch B)
 h14  A1a   2025-08-15  reported, archived                                                         (archived)
 h15  A1a   2025-09-30  assessed            gen  env   —           —                              (reported by worker)

Funds: h1 100, h2 50, h3 1000, h4 20, h13 0.
Unit A, by hand: found h1 h2 h3 h5 h6 h7 h10 h15 = 8; rectified h1 h2 h3 = 3 (37.5 %); closed in the
period h1 h2 h3 h4 = 4 (h4's 00:30 on 1 July is still 30 June in UTC: the zone matters), on time h1 =
25.0 %, days (10+30+60+16)/4 = 29.0; funds 1170.00; open h5 h6 h7 h8 h9 h10 h15 = 7; overdue h5 h9 = 2;
major and open h6 h8 = 2.
"""

from __future__ import annotations

import datetime
import io
import json
import re
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from zeroharm.accounts.models import User
from zeroharm.hazards import statistics, trends
from zeroharm.hazards.models import HiddenDanger
from zeroharm.hazards.quarterly import FIRST_DATA_ROW, HEADER_ROW
from zeroharm.hazards.statistics import Figures, Period
from zeroharm.hazards.trends import ParetoRow, TrendRow

pytestmark = pytest.mark.django_db

MATRIX_URL_NAMES = {"hazards:statistics", "hazards:statistics_trend", "hazards:quarterly_xlsx"}

Q3 = Period(datetime.date(2025, 7, 1), datetime.date(2025, 9, 30))
Q3_QUERY = "period=custom&start=2025-07-01&end=2025-09-30"
D = datetime.date


def at(y, m, d, hh=10, mm=0):
    return timezone.make_aware(datetime.datetime(y, m, d, hh, mm))  # the current zone: Asia/Shanghai


ROWS = {
    # name: (unit, found_on, state, level, category, deadline, closed_at, days, on_time, accepted_at, funds)
    "h1": (
        "A1a",
        D(2025, 7, 5),
        "closed",
        "general",
        "condition",
        D(2025, 7, 20),
        at(2025, 7, 15),
        10,
        True,
        None,
        100,
    ),
    "h2": ("A1a", D(2025, 7, 10), "closed", "general", "act", D(2025, 7, 20), at(2025, 8, 9), 30, False, None, 50),
    "h3": (
        "A1b",
        D(2025, 8, 1),
        "closed",
        "major",
        "management",
        D(2025, 9, 1),
        at(2025, 9, 30, 23, 30),
        60,
        False,
        at(2025, 9, 10),
        1000,
    ),
    "h4": (
        "A1a",
        D(2025, 6, 15),
        "closed",
        "general",
        "condition",
        D(2025, 6, 25),
        at(2025, 7, 1, 0, 30),
        16,
        False,
        None,
        20,
    ),
    "h5": (
        "A2",
        D(2025, 8, 20),
        "in_rectification",
        "general",
        "environment",
        D(2025, 9, 10),
        None,
        None,
        None,
        None,
        None,
    ),
    "h6": ("A2", D(2025, 9, 5), "assigned", "major", "condition", D(2025, 12, 1), None, None, None, None, None),
    "h7": ("A", D(2025, 9, 25), "reported", "", "", None, None, None, None, None, None),
    "h8": ("A1a", D(2025, 5, 1), "accepted", "major", "act", D(2025, 8, 1), None, None, None, at(2025, 7, 25), None),
    "h9": (
        "A1b",
        D(2025, 4, 1),
        "pending_acceptance",
        "general",
        "management",
        D(2025, 6, 30),
        None,
        None,
        None,
        None,
        None,
    ),
    "h10": (
        "A1a",
        D(2025, 9, 28),
        "closed",
        "general",
        "condition",
        D(2025, 10, 10),
        at(2025, 10, 1, 0, 10),
        3,
        True,
        None,
        None,
    ),
    "h11": ("A1a", D(2025, 10, 5), "reported", "", "", None, None, None, None, None, None),
    "h12": (
        "A1a",
        D(2025, 3, 1),
        "closed",
        "general",
        "condition",
        D(2025, 3, 20),
        at(2025, 4, 1),
        31,
        False,
        None,
        None,
    ),
    "h13": ("B1a", D(2025, 7, 7), "closed", "general", "condition", D(2025, 7, 9), at(2025, 7, 8), 1, True, None, 0),
    "h14": ("A1a", D(2025, 8, 15), "reported", "", "", None, None, None, None, None, None),
    "h15": ("A1a", D(2025, 9, 30), "assessed", "general", "environment", None, None, None, None, None, None),
}


@pytest.fixture
def hazards(world):
    made = {}
    for name, (
        unit,
        found,
        state,
        level,
        category,
        deadline,
        closed_at,
        days,
        on_time,
        accepted_at,
        funds,
    ) in ROWS.items():
        made[name] = HiddenDanger.objects.create(
            unit=world.unit(unit),
            location="Yard",
            description=f"Hidden danger {name}",
            found_on=found,
            state=state,
            level=level,
            category=category,
            deadline=deadline,
            closed_at=closed_at,
            days_to_close=days,
            closed_on_time=on_time,
            accepted_at=accepted_at,
            budget_amount=None if funds is None else Decimal(funds),
            is_archived=name == "h14",
            reported_by=world.users["worker_a1a"] if name == "h15" else world.users["monitor_a1a"],
            owner=world.people["A1a"] if name == "h2" else None,
        )
    unit_a = world.unit("A")
    unit_a.principal = world.people["A"]
    unit_a.save()
    return made


def figures(found=0, rectified=0, closed=0, closed_on_time=0, days_total=0, funds="0", open=0, overdue=0):  # noqa: A002
    return Figures(
        found=found,
        rectified=rectified,
        closed=closed,
        closed_on_time=closed_on_time,
        days_total=days_total,
        funds=Decimal(funds),
        open=open,
        overdue=overdue,
    )


#
# The selectors, figure by figure
#


def test_totals_of_branch_a(hazards, world):
    stats = statistics.statistics(world.users["admin"], world.unit("A"), Q3)
    assert stats.reference_date == D(2025, 9, 30)
    assert stats.total == figures(
        found=8, rectified=3, closed=4, closed_on_time=1, days_total=116, funds="1170", open=7, overdue=2
    )
    assert stats.total.rectification_rate == Decimal("37.5")
    assert stats.total.on_time_rate == Decimal("25.0")
    assert stats.total.average_days_to_close == Decimal("29.0")
    assert stats.under_governance == 2


def test_by_level(hazards, world):
    by_level = statistics.statistics(world.users["admin"], world.unit("A"), Q3).by_level
    assert list(by_level) == ["general", "major", ""]
    assert by_level["general"] == figures(
        found=5, rectified=2, closed=3, closed_on_time=1, days_total=56, funds="170", open=4, overdue=2
    )
    assert by_level["major"] == figures(found=2, rectified=1, closed=1, days_total=60, funds="1000", open=2)
    assert by_level[""] == figures(found=1, open=1)
    assert (
        by_level["general"].rectification_rate,
        by_level["general"].on_time_rate,
        by_level["general"].average_days_to_close,
    ) == (Decimal("40.0"), Decimal("33.3"), Decimal("18.7"))
    assert (
        by_level["major"].rectification_rate,
        by_level["major"].on_time_rate,
        by_level["major"].average_days_to_close,
    ) == (Decimal("50.0"), Decimal("0.0"), Decimal("60.0"))
    # Nothing closed: no rate and no average, not zero.
    assert (by_level[""].rectification_rate, by_level[""].on_time_rate, by_level[""].average_days_to_close) == (
        Decimal("0.0"),
        None,
        None,
    )


def test_by_category(hazards, world):
    by_category = statistics.statistics(world.users["admin"], world.unit("A"), Q3).by_category
    assert list(by_category) == ["condition", "act", "management", "environment", ""]
    assert by_category["condition"] == figures(
        found=3, rectified=1, closed=2, closed_on_time=1, days_total=26, funds="120", open=2
    )
    assert by_category["act"] == figures(found=1, rectified=1, closed=1, days_total=30, funds="50", open=1)
    assert by_category["management"] == figures(
        found=1, rectified=1, closed=1, days_total=60, funds="1000", open=1, overdue=1
    )
    assert by_category["environment"] == figures(found=2, open=2, overdue=1)
    assert by_category[""] == figures(found=1, open=1)
    assert by_category["condition"].average_days_to_close == Decimal("13.0")
    assert by_category["condition"].rectification_rate == Decimal("33.3")
    assert by_category["environment"].on_time_rate is None


def test_per_child_unit(hazards, world):
    stats = statistics.statistics(world.users["admin"], world.unit("A"), Q3)
    rows = [(r.unit.code, r.is_self, r.figures) for r in stats.children]
    assert rows == [
        ("A", True, figures(found=1, open=1)),
        (
            "A1",
            False,
            figures(found=5, rectified=3, closed=4, closed_on_time=1, days_total=116, funds="1170", open=4, overdue=1),
        ),
        ("A2", False, figures(found=2, open=2, overdue=1)),
    ]
    a1 = stats.children[1]
    assert a1.by_level["major"] == figures(found=1, rectified=1, closed=1, days_total=60, funds="1000", open=1)
    # The group: one row per branch; branch B holds h13 only.
    group = statistics.statistics(world.users["admin"], world.unit("G"), Q3)
    assert [(r.unit.code, r.figures.found, r.figures.closed, r.figures.open) for r in group.children] == [
        ("A", 8, 4, 7),
        ("B", 1, 1, 0),
    ]
    assert group.total.found == 9 and group.total.closed_on_time == 2 and group.total.on_time_rate == Decimal("40.0")


def test_a_team_has_no_children(hazards, world):
    stats = statistics.statistics(world.users["admin"], world.unit("A1a"), Q3)
    # h1 h2 h10 h15 found; h1 h2 h4 closed; h8 h10 h15 open; none overdue.
    assert stats.total == figures(found=4, rectified=2, closed=3, closed_on_time=1, days_total=56, funds="170", open=3)
    assert [(r.unit.code, r.is_self) for r in stats.children] == [("A1a", True)]


def test_an_employee_counts_only_their_own(hazards, world):
    # The worker reported h15 and owns the rectification of h2.
    stats = statistics.statistics(world.users["worker_a1a"], world.unit("A1a"), Q3)
    assert stats.total == figures(found=2, rectified=1, closed=1, days_total=30, funds="50", open=1)
    assert stats.total.on_time_rate == Decimal("0.0")


def test_another_branch_sees_nothing_of_a(hazards, world):
    stats = statistics.statistics(world.users["leader_b"], world.unit("A"), Q3)
    assert stats.is_empty and stats.children == []


def test_a_page_keeps_to_its_viewer_while_the_indicator_counts_every_record(hazards, world, client_for):
    """visible_hazards(None, unit) counts every record: only core.indicators' hazards.rectified_on_time asks so (its
    hooks.py). Every page passes the signed-in user (views_statistics, behind a login), so a worker's page still shows
    only their own records, and another branch's unit is still a 404."""
    from zeroharm.core.indicators import indicator

    everything = statistics.statistics(None, world.unit("A1a"), Q3, with_children=False).total
    assert everything == statistics.statistics(world.users["admin"], world.unit("A1a"), Q3).total
    assert everything.found == 4
    assert indicator("hazards.rectified_on_time").compute(world.unit("A"), Q3.start, Q3.end) == Decimal("25.0")
    query = f"{reverse('hazards:statistics')}?unit={world.unit('A1a').pk}&{Q3_QUERY}"
    page = client_for("worker_a1a").get(query)
    assert page.status_code == 200 and page.context["stats"].total.found == 2
    assert client_for("leader_b").get(query).status_code == 404


def test_open_and_overdue_today_use_today(hazards, world):
    """A period that includes today counts open and overdue on today: h5 h9 still open and late, and
    h6's deadline (2025-12-01) has passed too on 2025-12-02."""
    period = Period(D(2025, 12, 1), D(2025, 12, 31))
    stats = statistics.statistics(world.users["admin"], world.unit("A"), period, today=D(2025, 12, 2))
    assert stats.reference_date == D(2025, 12, 2)
    # Open on 2 Dec: h5 h6 h7 h8 h9 h11 h15 (h10 was closed on 1 Oct); overdue: h5 h6 h9.
    assert (stats.total.found, stats.total.open, stats.total.overdue) == (0, 7, 3)


def test_trend_months_add_up(hazards, world):
    rows = trends.trend(world.users["admin"], world.unit("A"), Q3)
    assert rows == [TrendRow(D(2025, 7, 1), 2, 2), TrendRow(D(2025, 8, 1), 2, 1), TrendRow(D(2025, 9, 1), 4, 1)]
    stats = statistics.statistics(world.users["admin"], world.unit("A"), Q3)
    assert sum(r.found for r in rows) == stats.total.found and sum(r.closed for r in rows) == stats.total.closed


def test_trend_stops_at_today(hazards, world):
    year = statistics.year_period(2025)
    rows = trends.trend(world.users["admin"], world.unit("A"), year, today=D(2025, 9, 30))
    assert [r.month.month for r in rows] == [1, 2, 3, 4, 5, 6, 7, 8, 9]
    # Found in 2025 under A: h12 (Mar), h9 (Apr), h8 (May), h4 (Jun) and Q3's 8; closed: h12 (Apr), Q3's 4.
    assert [r.found for r in rows] == [0, 0, 1, 1, 1, 1, 2, 2, 4]
    assert [r.closed for r in rows] == [0, 0, 0, 1, 0, 0, 2, 1, 1]


def test_pareto_order_and_cumulative_share(hazards, world):
    counts = trends.category_counts(world.users["admin"], world.unit("A"), Q3)
    assert counts == {"condition": 3, "act": 1, "management": 1, "environment": 2, "": 1}
    rows = trends.pareto(counts)
    # Ties (act, management: 1 each) keep the categories' order; the not-assessed one is left out.
    assert rows == [
        ParetoRow("condition", "Unsafe condition of things", 3, Decimal("42.9"), Decimal("42.9")),
        ParetoRow("environment", "Environment", 2, Decimal("28.6"), Decimal("71.4")),
        ParetoRow("act", "Unsafe act of people", 1, Decimal("14.3"), Decimal("85.7")),
        ParetoRow("management", "Management defect", 1, Decimal("14.3"), Decimal("100.0")),
    ]
    assert trends.pareto({}) == []


def test_periods_and_filing_deadlines():
    assert statistics.quarter_period(2025, 3) == Q3
    assert statistics.quarter_period(2025, 0) == Period(D(2025, 1, 1), D(2025, 12, 31))
    assert statistics.quarter_period(2024, 1) == Period(D(2024, 1, 1), D(2024, 3, 31))
    assert statistics.period_this("month", D(2024, 2, 10)) == Period(D(2024, 2, 1), D(2024, 2, 29))
    assert statistics.period_this("quarter", D(2025, 11, 3)) == Period(D(2025, 10, 1), D(2025, 12, 31))
    assert [statistics.filing_deadline(2025, q) for q in (1, 2, 3, 4, 0)] == [
        D(2025, 4, 15),
        D(2025, 7, 15),
        D(2025, 10, 15),
        D(2026, 1, 15),
        D(2026, 1, 31),
    ]
    assert Q3.months() == [D(2025, 7, 1), D(2025, 8, 1), D(2025, 9, 1)]
    with pytest.raises(ValueError):
        Period(D(2025, 2, 1), D(2025, 1, 1))


#
# The page
#


def test_page_shows_the_figures(hazards, world, client_for):
    response = client_for("leader_a").get(f"{reverse('hazards:statistics')}?unit={world.unit('A').pk}&{Q3_QUERY}")
    assert response.status_code == 200
    assert response.context["stats"].total.found == 8
    html = response.content.decode()
    by_unit = re.search(r'<table[^>]*id="by-unit".*?</table>', html, re.S).group(0)
    cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", by_unit, re.S)]
    # Header, then A itself, A1, A2, total: found, rectified, rate, closed, on-time, days, open, overdue, funds.
    assert cells[10:20] == ["Branch A itself", "1", "0", "0.0 %", "0", "—", "—", "1", "0", "0.00"]
    assert cells[20:30] == ["Workshop A1", "5", "3", "60.0 %", "4", "25.0 %", "29.0", "4", "1", "1170.00"]
    assert cells[40:50] == ["Total", "8", "3", "37.5 %", "4", "25.0 %", "29.0", "7", "2", "1170.00"]
    assert "Unsafe condition of things" in html
    assert 'data-echart="' in html  # the charts, drawn in the browser (core.echarts)


def test_page_empty_state(world, client_for):
    response = client_for("leader_a").get(reverse("hazards:statistics"))
    assert response.status_code == 200
    assert response.context["unit"] == world.unit("A")  # the top of the leader's scope
    assert response.context["kind"] == "year"
    assert "No hidden dangers in Branch A" in response.content.decode()


def test_page_rejects_a_backwards_custom_period(world, client_for):
    response = client_for("leader_a").get(
        reverse("hazards:statistics") + "?period=custom&start=2025-09-01&end=2025-08-01"
    )
    assert response.status_code == 200
    assert "The period ends before it starts." in response.content.decode()


def _chart_options(html: str) -> list[dict]:
    found = re.findall(r'<script id="echart-\d+-option" type="application/json">(.*?)</script>', html, re.S)
    return [json.loads(unescape(text)) for text in found]


def test_pareto_chart_holds_the_categories_most_frequent_first(hazards, world, client_for):
    client = client_for("leader_a")
    html = client.get(f"{reverse('hazards:statistics')}?unit={world.unit('A').pk}&{Q3_QUERY}").content.decode()
    (pareto,) = _chart_options(html)  # the trend comes after the page (hazards:statistics_trend)
    labels = ["Unsafe condition of things", "Environment", "Unsafe act of people", "Management defect"]
    assert pareto["xAxis"]["data"] == labels
    bars, cumulative = pareto["series"]
    assert [p["value"] for p in cumulative["data"]] == [42.9, 71.4, 85.7, 100.0]
    for bar in bars["data"]:  # each category opens a list of as many hidden dangers as its bar
        listed = client.get(bar["url"])
        assert listed.status_code == 200 and listed.context["table"].paginator.count == bar["value"], bar


def test_trend_chart_in_chinese(hazards, world, client_for):
    client = client_for("leader_a")
    client.post(reverse("set_language"), {"language": "zh-hans"})
    url = f"{reverse('hazards:statistics_trend')}?unit={world.unit('A').pk}&{Q3_QUERY}"
    assert reverse("hazards:statistics_trend") in client.get(url.replace("trend/", "")).content.decode()
    trend = _chart_options(client.get(url).content.decode())[0]
    assert len([m for m in trend["xAxis"]["data"] if "2025" in m]) == 3  # one label per month
    found = trend["series"][0]["data"]
    assert sum(p["value"] for p in found) == 8
    listed = client.get(next(p["url"] for p in found if p["value"]))
    assert listed.status_code == 200


#
# The quarterly table
#


def _sheet(response):
    assert response.status_code == 200, response.content[:200]
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return load_workbook(io.BytesIO(response.content)).active


def test_quarterly_xlsx(hazards, world, client_for):
    url = f"{reverse('hazards:quarterly_xlsx')}?unit={world.unit('A').pk}&year=2025&quarter=3"
    ws = _sheet(client_for("leader_a").get(url))
    assert ws["A1"].value == "Hidden-danger investigation and governance statistics"
    assert ws["A2"].value == "Unit: Branch A"
    assert "2025, quarter 3" in ws["A3"].value
    assert [ws.cell(HEADER_ROW, c).value for c in range(1, 12)] == [
        "Unit",
        "General hidden dangers",
        None,
        None,
        "Major hidden dangers",
        None,
        None,
        None,
        "Funds spent (CNY)",
        "Overdue",
        "On-time rectification rate",
    ]
    assert [ws.cell(HEADER_ROW + 1, c).value for c in range(2, 9)] == [
        "Found",
        "Rectified",
        "Rectification rate",
        "Found",
        "Rectified",
        "Rectification rate",
        "Under governance (listed)",
    ]
    rows = [[ws.cell(r, c).value for c in range(1, 12)] for r in range(FIRST_DATA_ROW, FIRST_DATA_ROW + 4)]
    assert rows == [
        ["Branch A (its own records)", 0, 0, "—", 0, 0, "—", 0, 0, 0, "—"],
        ["Workshop A1", 4, 2, 0.5, 1, 1, 1.0, 1, 1170, 1, 0.25],
        ["Workshop A2", 1, 0, 0.0, 1, 0, 0.0, 1, 0, 1, "—"],
        ["Total", 5, 2, 0.4, 2, 1, 0.5, 2, 1170, 2, 0.25],
    ]
    assert ws.cell(FIRST_DATA_ROW + 3, 4).number_format == "0.0%"
    texts = [str(c.value) for row in ws.iter_rows() for c in row if c.value]
    assert any("15 October 2025" in t or "Oct. 15, 2025" in t or "October 15, 2025" in t for t in texts), texts
    assert "Principal person: Person of A" in texts
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1


def test_annual_xlsx_deadline_and_language(hazards, world, client_for):
    client = client_for("leader_a")
    client.post(reverse("set_language"), {"language": "zh-hans"})
    url = f"{reverse('hazards:quarterly_xlsx')}?unit={world.unit('A').pk}&year=2025&quarter=0"
    ws = _sheet(client.get(url))
    # The year: found in 2025 under A = every A row but h11 … h4, h8, h9, h12 were found in 2025 too.
    total = [ws.cell(FIRST_DATA_ROW + 3, c).value for c in (2, 3, 5, 6, 8)]
    # general found: h1 h2 h4 h5 h9 h10 h11? (no: unassessed) h12 h15 = 8; rectified (closed by 31 Dec): h1 h2 h4
    # h10 h12 = 5; major found h3 h6 h8 = 3, rectified h3 = 1; under governance: h6 h8 = 2.
    assert total == [8, 5, 3, 1, 2]
    texts = " ".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    assert "2026" in texts and "31" in texts  # due 31 January 2026


def test_quarterly_xlsx_bad_quarter(world, client_for):
    response = client_for("leader_a").get(f"{reverse('hazards:quarterly_xlsx')}?year=2025&quarter=7")
    assert response.status_code == 400


#
# Who may see what
#


@pytest.fixture
def no_role_user(world):
    return User.objects.create_user("nobody", "nobody@example.com", "x")


def _urls(world, unit_code):
    query = f"unit={world.unit(unit_code).pk}&{Q3_QUERY}"
    return [
        f"{reverse('hazards:statistics')}?{query}",
        f"{reverse('hazards:statistics_trend')}?{query}",
        f"{reverse('hazards:quarterly_xlsx')}?unit={world.unit(unit_code).pk}&year=2025&quarter=3",
    ]


def test_anonymous_is_sent_to_sign_in(world, client):
    for url in _urls(world, "A"):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url


def test_a_user_without_a_role_is_refused(world, no_role_user):
    from django.test import Client

    c = Client()
    c.force_login(no_role_user)
    for url in _urls(world, "A"):
        assert c.get(url).status_code == 403, url


@pytest.mark.parametrize("persona", ["leader_b", "director_a1", "monitor_a1a", "worker_a1a"])
def test_a_unit_outside_the_scope_is_404(hazards, world, client_for, persona):
    code = "A" if persona == "leader_b" else "B"
    for url in _urls(world, code):
        assert client_for(persona).get(url).status_code == 404, url


@pytest.mark.parametrize(
    "persona", ["admin", "safety", "auditor", "leader_a", "director_a1", "monitor_a1a", "worker_a1a", "leader_b"]
)
def test_each_persona_reaches_its_own_units(hazards, world, client_for, persona):
    code = {
        "admin": "G",
        "safety": "G",
        "auditor": "G",
        "leader_a": "A",
        "director_a1": "A1",
        "monitor_a1a": "A1a",
        "worker_a1a": "A1a",
        "leader_b": "B",
    }[persona]
    for url in _urls(world, code):
        assert client_for(persona).get(url).status_code == 200, url
    response = client_for(persona).get(reverse("hazards:statistics"))
    assert response.status_code == 200 and response.context["unit"] == world.unit(code)


def test_nav_entry(world, client_for):
    """Unit heads and the office find the statistics in their menu; a worker's menu is his own work, though the
    page still answers him (his own hidden dangers)."""
    url = reverse("hazards:statistics")
    assert url in client_for("leader_a").get(reverse("home")).content.decode()
    assert url not in client_for("worker_a1a").get(reverse("home")).content.decode()
    assert client_for("worker_a1a").get(url).status_code == 200


#
# Queries do not grow with the data
#


def _grow(world, n=60):
    from zeroharm.org.models import OrgUnit

    a = OrgUnit.objects.get(pk=world.unit("A").pk)
    extra = [
        OrgUnit.objects.add_child(
            OrgUnit.objects.get(pk=a.pk), {"code": f"A9{i}", "name": f"Workshop A9{i}", "kind": "workshop"}
        )
        for i in range(3)
    ]
    units = [world.unit(c) for c in ("A1a", "A1b", "A2", "A")] + extra
    HiddenDanger.objects.bulk_create(
        [
            HiddenDanger(
                unit=units[i % len(units)],
                location="x",
                description="grown",
                found_on=D(2025, 7 + i % 3, 1 + i % 28),
                state="closed" if i % 2 else "assigned",
                level=("general", "major")[i % 2],
                category=("condition", "act", "management", "environment", "")[i % 5],
                deadline=D(2025, 9, 1),
                closed_at=at(2025, 9, 2) if i % 2 else None,
                days_to_close=5 if i % 2 else None,
                closed_on_time=bool(i % 4 == 1) if i % 2 else None,
                budget_amount=Decimal(10),
            )
            for i in range(n)
        ]
    )


@pytest.mark.parametrize("persona", ["admin", "leader_a", "worker_a1a"])
def test_query_counts_do_not_grow(hazards, world, client_for, django_assert_max_num_queries, persona):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(persona)
    unit = world.unit("A1a" if persona == "worker_a1a" else "A")
    urls = _urls(world, unit.code)
    before = []
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        before.append(len(captured))
    _grow(world)
    for url, count in zip(urls, before, strict=True):
        with django_assert_max_num_queries(count):
            assert client.get(url).status_code == 200
    assert max(before) <= 14, before


#
# In a real browser: the charts load as images under the page's Content-Security-Policy
#


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_charts_load_in_a_browser(transactional_db, live_server, page, artifacts):
    from playwright.sync_api import expect

    from tests.conftest import PASSWORD, World

    world = World()
    for name, row in ROWS.items():
        unit, found, state, level, category, deadline, closed_at, days, on_time, accepted_at, funds = row
        HiddenDanger.objects.create(
            unit=world.unit(unit),
            location="Yard",
            description=name,
            found_on=found,
            state=state,
            level=level,
            category=category,
            deadline=deadline,
            closed_at=closed_at,
            days_to_close=days,
            closed_on_time=on_time,
            accepted_at=accepted_at,
            is_archived=name == "h14",
        )
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(live_server.url + "/login/")
    page.locator("main form input[name=username]").fill("leader_a")
    page.locator("main form input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(live_server.url + "/")
    page.goto(f"{live_server.url}{reverse('hazards:statistics')}?unit={world.unit('A').pk}&{Q3_QUERY}")
    expect(page.locator("[data-echart] svg")).to_have_count(2)  # drawn by ECharts (core.echarts)
    expect(page.locator("#by-unit tfoot")).to_contain_text("37.5 %")
    page.screenshot(path=artifacts / "hazard-statistics.png", full_page=True)
    assert problems == []

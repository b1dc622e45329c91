"""Accident analysis finds what was planted (issue 4, points 8–11 and 14), and flags nothing steady.

The test tree (see conftest):  G ── A ── A1 ── A1a, A1b
                                    │     └── A2
                                    └── B ── B1 ── B1a

The window is the 24 whole months 2024-11 … 2026-10 (Asia/Shanghai). Planted in it (`planted`):

- **press line, workshop A1**: 9 hand injuries at "Press line 3" (GB 6441 "03" mechanical), 6 of them at night
  (02:30), 7 of them to the hand, 6 of people under 6 months in the job; A1a and A1b (one workshop). All within
  180 days of each other in a chain. An action on the 4th (5 May 2025) was verified on 1 June 2025, and 5 more
  happened after that; the last one has an open action.
- **falls, branch B**: recordable falls from height ("09") in B1a, 1 a month for the first 12 months, then
  1,1,1,2,2,3,3,4,4,5,5,6, with 200,000 h a month: the rate rises (exact test on the 6 of the last month:
  P(X ≥ 6 | 1) = 0.0006 < 0.00135; halves 12 against 37). 2 of them serious, and only 3 near misses in B1:
  under-reporting.
- **steady, workshop A2**: object strikes ("01"), recordable 2,3,1,2,2,3,1,2,2,3,1,2 a month in both years,
  200,000 h a month: never flagged. One is a serious injury; with 30 near misses: no under-reporting.
- A1a works 200,000 h a month too (the world's October 2026 row of 1,000 h is overwritten).
"""

from __future__ import annotations

import datetime

import pytest

from tests.support.analytics import (  # noqa: F401
    END,
    FALLS,
    MONTHS,
    PRESS_DATES,
    PRESS_FINGER,
    PRESS_NEW,
    PRESS_NIGHT,
    PRESS_TEXT,
    START,
    STEADY,
    D,
    Planted,
    admin,
    at,
    make_incident,
    set_hours,
)
from zeroharm.analytics import report, selectors
from zeroharm.analytics.selectors import ClusterParams, Scope

pytestmark = pytest.mark.django_db


@pytest.fixture
def planted(world):
    return Planted(world)


def scope(world, code="G", kinds=()):
    return Scope(world.unit(code), START, END, tuple(kinds))


#
# Breakdowns (point 8)
#


def test_breakdowns_count_the_planted_incidents(planted, world):
    data = selectors.breakdowns(admin(world), scope(world))
    total = 9 + sum(FALLS) + sum(STEADY) + 30 + 3
    assert data["kind"].total == total
    kinds = {r.key: r.count for r in data["kind"].rows}
    assert kinds == {"injury": total - 33, "near_miss": 33}
    categories = {r.key: r.count for r in data["category"].rows}
    assert categories == {"03": 9, "09": sum(FALLS), "01": sum(STEADY), "": 33}
    units = {r.label: r.count for r in data["unit"].rows}
    assert units == {"Branch A": 9 + sum(STEADY) + 30, "Branch B": sum(FALLS) + 3}
    shifts = {r.key: r.count for r in data["shift"].rows}
    assert shifts["night"] == 6 and shifts["day"] == 3 + sum(FALLS) and shifts["middle"] == sum(STEADY)
    assert shifts[""] == 33  # near misses without a shift: "not recorded"


def test_time_of_day_weekday_and_month_are_local(planted, world):
    data = selectors.breakdowns(admin(world), scope(world, "A1"))
    hours = {r.key: r.count for r in data["hour"].rows}
    assert hours["2"] == 6 and hours["10"] == 3 and sum(hours.values()) == 9  # 02:30 local is 18:30 UTC
    weekdays = {int(r.key): r.count for r in data["weekday"].rows}
    expected: dict[int, int] = {}
    for day in PRESS_DATES:
        expected[day.isoweekday()] = expected.get(day.isoweekday(), 0) + 1
    assert {k: v for k, v in weekdays.items() if v} == expected
    months = {r.key: r.count for r in data["month"].rows}
    assert len(months) == 24 and months["2025-01-01"] == 1 and months["2024-11-01"] == 0


@pytest.mark.parametrize("zone", ["Asia/Shanghai", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe"])
def test_time_parts_agree_with_the_database_functions(planted, world, settings, zone):
    """SQLite's strftime with the zone's offset as a modifier (a CASE across daylight-saving changes) gives what
    Django's own time-zone functions give, in zones with daylight saving, half hours and half-hour DST."""
    from unittest import mock

    from zeroharm.analytics.selectors import local_time

    settings.TIME_ZONE = zone
    s = scope(world)
    fast = local_time._time_parts(admin(world), s)
    with mock.patch.object(local_time.connection, "vendor", "postgresql"):
        slow = local_time._time_parts(admin(world), s)
    assert fast == slow
    assert sum(fast[0].values()) == 9 + sum(FALLS) + sum(STEADY) + 33


def test_utc_offsets_find_daylight_saving_changes():
    from zoneinfo import ZoneInfo

    utc = datetime.UTC
    start, end = datetime.datetime(2025, 1, 1, tzinfo=utc), datetime.datetime(2026, 1, 1, tzinfo=utc)
    assert selectors.utc_offsets(start, end, ZoneInfo("America/New_York")) == [
        (None, -300),
        (datetime.datetime(2025, 3, 9, 7, tzinfo=utc), -240),
        (datetime.datetime(2025, 11, 2, 6, tzinfo=utc), -300),
    ]
    assert selectors.utc_offsets(start, end, ZoneInfo("Asia/Shanghai")) == [(None, 480)]


def test_people_and_cause_dimensions(planted, world):
    data = selectors.breakdowns(admin(world), scope(world, "A1"))
    body = {r.key: r.count for r in data["body_part"].rows}
    assert body == {"hand": 7, "finger": 2}
    tenure = {r.key: r.count for r in data["tenure"].rows}
    assert tenure["lt6m"] == 6 and tenure["1to3y"] == 3
    age = {r.key: r.count for r in data["age"].rows}
    assert age["lt25"] == 6 and age["35to44"] == 3
    assert [(r.label, r.count) for r in data["position"].rows] == [("Welder", 9)]
    factors = {r.key: r.count for r in data["factor"].rows}
    assert factors["machine"] == 9 and factors["people"] == 4 and factors["method"] == 0
    assert [(r.label, r.count) for r in data["agent"].rows] == [("Press line 3", 9)]


def test_kinds_filter(planted, world):
    data = selectors.breakdowns(admin(world), scope(world, kinds=["near_miss"]))
    assert data["kind"].total == 33
    assert {r.key: r.count for r in data["category"].rows} == {"": 33}


def test_rows_drill_down_to_exactly_their_records(planted, world, client_for):
    """Every linked row opens the incident list filtered to as many incidents as the row counts."""
    import re

    client = client_for("admin")
    data = selectors.breakdowns(admin(world), scope(world, "A"))
    checked = 0
    for dimension in (
        "category",
        "unit",
        "shift",
        "kind",
        "month",
        "weekday",
        "hour",
        "body_part",
        "tenure",
        "age",
        "position",
        "agent",
        "factor",
    ):
        for row in data[dimension].rows:
            assert row.exact, (dimension, row)  # the list has a filter for every dimension, incl. "the unit itself"
            if not row.url:
                continue
            page = client.get(row.url).content.decode()
            found = re.search(r'<span class="count">(\d+) results?</span>', page)
            assert found and int(found.group(1)) == row.count, (dimension, row)
            checked += 1
    assert checked > 10


def test_breakdowns_respect_the_scope(planted, world):
    data = selectors.breakdowns(world.users["leader_b"], scope(world, "B"))
    assert data["kind"].total == sum(FALLS) + 3
    assert [r.label for r in data["unit"].rows] == ["Workshop B1"]


#
# Repeated accidents (point 9)
#


def _press_cluster(clusters):
    return next(c for c in clusters if c.unit is not None and c.unit.code == "A1")


def test_the_press_line_cluster_is_found_with_what_it_shares(planted, world):
    clusters, total = selectors.repeated_clusters(admin(world), scope(world))
    press = _press_cluster(clusters)
    assert {m.pk for m in press.members} == {i.pk for i in planted.press}
    assert press.body_part == "hand" and press.shift == "night"
    shared = {f.key: (f.value, f.count) for f in press.factors}
    assert shared["agent"] == ("Press line 3", 9)
    assert shared["category"] == ("Mechanical injury", 9)
    assert shared["shift"] == ("Night shift", 6)
    assert shared["body_part"] == ("Hand", 7)
    assert shared["factor"] == ("Machine", 9)
    assert shared["tenure"][1] == 6
    # A category cluster and an agent cluster with the same members are listed once; an agent's falls inside
    # the falls of the workshop are no cluster of their own.
    assert sum(1 for c in clusters if c.unit is not None and c.unit.code == "A1") == 1
    assert [(c.basis, c.size) for c in clusters if c.unit.code == "B1"] == [("category", sum(FALLS))]
    assert total == len(clusters)


def test_measures_of_a_cluster_and_recurrence_after_verification(planted, world):
    press = _press_cluster(selectors.repeated_clusters(admin(world), scope(world))[0])
    assert (press.actions.total, press.actions.verified, press.actions.open) == (2, 1, 1)
    assert press.actions.last_verified_at == at(D(2025, 6, 1), 12)
    assert press.recurred
    assert [i.pk for i in press.after_verification] == [i.pk for i in planted.press[4:]]
    assert [a.pk for a in press.actions.open_items] == [planted.open_action.pk]


def test_no_cluster_when_the_window_is_too_short(planted, world):
    clusters, _total = selectors.repeated_clusters(
        admin(world), scope(world, "A1"), ClusterParams(min_count=3, window_days=20)
    )
    assert clusters == []


def test_cluster_windows():
    base = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    times = [(base + datetime.timedelta(days=d), d) for d in (0, 10, 20, 300, 310, 900)]
    params = ClusterParams(min_count=2, window_days=15)
    assert selectors._windows(times, params) == [[0, 10, 20], [300, 310]]
    assert selectors._windows(times, ClusterParams(min_count=3, window_days=20)) == [[0, 10, 20]]
    assert selectors._windows(times, ClusterParams(min_count=4, window_days=400)) == [[0, 10, 20, 300, 310]]


#
# Control charts (point 10)
#


def test_control_charts_flag_the_rising_branch_and_not_the_steady_unit(planted, world):
    overall, children = selectors.control_charts(admin(world), scope(world))
    by_code = {s.unit.code: s for s in children}
    assert by_code["B"].flagged and by_code["B"].ratio_rose and by_code["B"].chart_rose
    assert by_code["B"].signal_months() == [D(2026, 10, 1)]  # 6 against ū = 1: P = 0.0006
    assert by_code["B"].halves[0] == 12 and by_code["B"].halves[2] == sum(FALLS[12:])

    _overall_a, a_children = selectors.control_charts(admin(world), scope(world, "A"))
    steady = {s.unit.code: s for s in a_children}["A2"]
    assert steady.has_hours and steady.baseline_ok
    assert steady.chart.center == pytest.approx(2.0)
    assert not steady.flagged and not steady.chart_rose and not steady.ratio_rose
    assert steady.cases == STEADY


def test_unit_series_of_one_unit_matches_its_row(planted, world):
    overall, children = selectors.control_charts(admin(world), scope(world))
    b = {s.unit.code: s for s in children}["B"]
    alone = selectors.unit_series(admin(world), scope(world, "B"))
    assert alone.cases == b.cases == FALLS
    assert alone.hours == b.hours
    assert alone.flagged
    assert overall.cases == [
        a + f + s
        for a, f, s in zip(
            [sum(1 for d in PRESS_DATES if d.replace(day=1) == m) for m in MONTHS], FALLS, STEADY, strict=True
        )
    ]


def test_control_window_is_whole_months():
    from zeroharm.org.models import OrgUnit

    unit = OrgUnit(path="0001", depth=1)
    assert selectors.control_window(Scope(unit, D(2024, 11, 29), D(2026, 11, 28))) == [
        D(2024 + (11 + i) // 12, (11 + i) % 12 + 1, 1) for i in range(23)
    ]
    assert selectors._baseline_length(list(range(24))) == 12
    assert selectors._baseline_length(list(range(10))) == 5


#
# Pyramid (point 11)
#


def test_pyramid_flags_the_branch_that_under_reports(planted, world):
    overall, rows = selectors.pyramids(admin(world), scope(world))
    by_code = {r.unit.code: r for r in rows}
    b = by_code["B"].pyramid
    assert (b.serious, b.near_misses) == (2, 3) and by_code["B"].flagged
    a = by_code["A"].pyramid
    assert (a.serious, a.near_misses) == (1, 30) and not by_code["A"].flagged
    assert overall.pyramid.serious == 3 and overall.pyramid.near_misses == 33


#
# The report's words (point 14)
#


def test_the_report_says_what_recurs(planted, world):
    f = report.findings(admin(world), scope(world))
    sentence = "Hand injuries recur in Workshop A1 at Press line 3: 9 in 2 years, 6 of them at night."
    assert sentence in f.sentences
    assert any("Branch B" in s and "rose significantly" in s for s in f.rates)
    assert not any("Workshop A2" in s for s in f.rates)
    assert any(
        s.startswith("Branch B probably under-reports: 3 near misses for 2 serious injuries") for s in f.reporting
    )
    assert [a.pk for a in f.open_actions] == [planted.open_action.pk]
    measures = next(m for c, _s, m in f.recurs if c.unit and c.unit.code == "A1")
    assert "1 of its 2 measures are still open." in measures
    assert "It recurred 5 times after the last measure was verified" in measures


def test_span_text():
    from zeroharm.org.models import OrgUnit

    unit = OrgUnit(path="0001", depth=1)
    assert report.span_text(Scope(unit, D(2024, 11, 1), D(2026, 10, 31))) == "2 years"
    assert report.span_text(Scope(unit, D(2026, 1, 1), D(2026, 6, 30))) == "6 months"
    assert report.span_text(Scope(unit, D(2026, 1, 1), D(2026, 1, 10))) == "10 days"


def test_drill_urls_are_the_same_from_the_encoded_period_as_built_whole(world):
    """A chart's bars share their period's part of the link, encoded once (scope._period_query)."""
    from zeroharm.analytics.selectors.scope import _drill_url_whole, _list_filters, drill_url

    scopes = [scope(world), scope(world, "A", kinds=["injury", "near_miss"])]
    asked = [
        {},
        {"category": "03"},
        {"weekday": 2},
        {"unit_id": 5},
        {"kind": "injury"},
        {"agent": "Press line 3 & co"},
        {"month": "2025-01"},
        {"no_such_filter": 1},
        {"position": None, "hour": "7"},
    ]
    for s in scopes:
        for params in asked:
            given = {k: v for k, v in params.items() if v is not None}
            assert drill_url(s, **params) == _drill_url_whole(s, given, _list_filters()), (s, params)
    url, exact = drill_url(scopes[1], no_such_filter=1)
    assert not exact and "no_such_filter" not in url and "kind=injury&kind=near_miss" in url

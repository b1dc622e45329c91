"""The analysis' kept monthly counts (issue 16, point 5): read for whole fresh months, equal to the records on every
dimension and in the control charts, marked stale by every kind of write, never marked fresh over a write."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.support.analytics import END, MONTHS, START, D, Planted, admin, at, make_incident, set_hours
from zeroharm.analytics import monthly, selectors
from zeroharm.analytics.hooks import _incidents_months_changed, monthly_scan
from zeroharm.analytics.models import CountedMonth, MonthlyCount
from zeroharm.analytics.selectors import DIMENSIONS, Scope, counted, from_records, kept_months
from zeroharm.core.registry import scans
from zeroharm.incidents.models import Cause, InvolvedPerson

pytestmark = pytest.mark.django_db


@pytest.fixture
def planted(world):
    """The analysis tests' planted set, with incidents on the edges of local months (UTC+8: 00:30 on the first is
    the day before in UTC), one of unknown time, one archived, people in several bands and an open-ended agent."""
    planted = Planted(world)
    u = world.unit
    make_incident(u("A"), at(D(2025, 3, 1), 0, 30), kind="near_miss", agent="PRESS LINE 3 ")
    make_incident(u("G"), at(D(2025, 2, 28), 23, 30), kind="first_aid", category="01", shift="night")
    make_incident(u("B1"), at(D(2025, 6, 30), 23, 59), kind="property", factors=["environment", "management"])
    unknown = make_incident(u("A2"), at(D(2025, 7, 15), 0, 0), people=[{"age": 70, "body_part": "eye"}])
    unknown.time_unknown = True
    unknown.save()
    archived = make_incident(u("B"), at(D(2025, 8, 8)), category="09", recordable=1)
    archived.is_archived = True
    archived.save()
    make_incident(
        u("A1"),
        at(D(2026, 1, 10)),
        recordable=2,
        people=[{"age": 19, "tenure_months": 1, "body_part": "hand"}, {"age": 58, "body_part": "hand"}],
    )
    return planted


def _scopes(world):
    u = world.unit
    return [
        Scope(u("G"), START, END),
        Scope(u("A"), D(2024, 11, 17), D(2026, 9, 3)),  # partial months at both edges
        Scope(u("B"), START, END, ("injury",)),
        Scope(u("G"), D(2025, 2, 28), D(2026, 2, 1), ("near_miss", "first_aid", "injury")),
    ]


def test_kept_counts_equal_the_records_on_every_dimension(planted, world):
    months, rows = monthly.count_months(today=END)
    assert months >= 24 and rows > 0
    user = admin(world)
    for scope in _scopes(world):
        assert kept_months(user, scope), scope  # read from the kept months...
        kept = counted(user, scope, DIMENSIONS)
        records = from_records(user, scope, list(DIMENSIONS))
        for dimension in DIMENSIONS:
            assert kept[dimension] == records[dimension], (scope, dimension)  # ...and the same as the records
        assert sum(kept["kind"].values()) > 0


def test_breakdowns_and_control_charts_are_the_same_kept_or_not(planted, world, settings):
    user = admin(world)
    settings.ZEROHARM_ANALYSIS_KEPT_DEPTH = 0
    before = {s: _figures(user, s) for s in _scopes(world)}
    settings.ZEROHARM_ANALYSIS_KEPT_DEPTH = 2
    monthly.count_months(today=END)
    for scope, figures in before.items():
        assert _figures(user, scope) == figures, scope


def _figures(user, scope):
    data = selectors.breakdowns(user, scope)
    rows = {d: [(r.key, r.label, r.count, r.url) for r in b.rows] for d, b in data.items()}
    totals = {d: (b.total, b.note) for d, b in data.items()}
    overall, children = selectors.control_charts(user, scope)
    series = [(s.unit.pk, s.cases, [Decimal(h) for h in s.hours]) for s in [overall, *children]]
    alone = selectors.unit_series(user, scope)
    return rows, totals, series, (alone.cases, alone.hours)


def test_the_group_reads_its_kept_months_in_a_few_queries(planted, world, django_assert_max_num_queries):
    monthly.count_months(today=END)
    user, scope = admin(world), Scope(world.unit("G"), START, END)
    selectors.breakdown(user, scope, "category")  # the user's scope, cached for the request
    with django_assert_max_num_queries(4):  # the fresh months, the category, the totals (+ the scope's roots)
        b = selectors.breakdown(user, scope, "category")
    assert b.total == sum(counted(user, scope, ["kind"])["kind"].values())


def test_which_scopes_are_kept(planted, world, settings):
    monthly.count_months(today=END)
    whole = Scope(world.unit("G"), START, END)
    assert kept_months(admin(world), whole) == MONTHS
    assert kept_months(admin(world), Scope(world.unit("A1"), START, END)) == []  # a workshop: below the kept depth
    assert kept_months(world.users["leader_b"], Scope(world.unit("B"), START, END)) == MONTHS  # their branch
    # Partial months are not kept: 17 November 2024 … 3 September 2026 keeps December 2024 … August 2026.
    partial = kept_months(admin(world), Scope(world.unit("G"), D(2024, 11, 17), D(2026, 9, 3)))
    assert partial[0] == D(2024, 12, 1) and partial[-1] == D(2026, 8, 1)
    settings.ZEROHARM_ANALYSIS_KEPT_DEPTH = 1
    assert kept_months(admin(world), Scope(world.unit("B"), START, END)) == []


def _fresh(month):
    return CountedMonth.objects.get(month=month).fresh


def test_every_kind_of_write_marks_its_months_stale(planted, world):
    monthly.count_months(today=END)
    incident = planted.press[0]
    month = monthly.local_month(incident.occurred_at)
    # An incident moved to another month: both months.
    moved_to = at(D(2026, 5, 20))
    incident.occurred_at = moved_to
    incident.save()
    assert not _fresh(month) and not _fresh(D(2026, 5, 1))
    user, scope = admin(world), Scope(world.unit("G"), START, END)
    assert counted(user, scope, DIMENSIONS) == from_records(user, scope, list(DIMENSIONS))  # read from the records
    monthly.count_months(today=END)
    assert _fresh(month) and _fresh(D(2026, 5, 1))
    # A person involved, a cause, man-hours, and a deleted incident.
    InvolvedPerson.objects.create(incident=incident, name="Worker", outcome="medical", age=30)
    assert not _fresh(D(2026, 5, 1))
    monthly.count_months(today=END)
    Cause.objects.filter(incident=incident).first().delete()
    assert not _fresh(D(2026, 5, 1))
    set_hours(world.unit("A2"), [D(2025, 4, 1)], Decimal("1"))
    assert not _fresh(D(2025, 4, 1))
    monthly.count_months(today=END)
    planted.press[1].delete()
    assert not _fresh(monthly.local_month(planted.press[1].occurred_at))
    monthly.count_months(today=END)
    # Writes past the signals are published with their incidents' ids.
    other = planted.press[2]
    _incidents_months_changed(incident_ids=[other.pk])
    assert not _fresh(monthly.local_month(other.occurred_at))
    monthly.count_months(today=END)
    assert counted(user, scope, DIMENSIONS) == from_records(user, scope, list(DIMENSIONS))
    assert CountedMonth.objects.filter(fresh=False).count() == 0


def test_a_month_written_while_it_was_counted_stays_stale(planted, world, monkeypatch):
    month = D(2025, 5, 1)
    counting = monthly._count_incidents

    def written_meanwhile(tally, start, end):
        counting(tally, start, end)
        monthly.mark_stale([month])  # a write committed after the worker read the records

    monkeypatch.setattr(monthly, "_count_incidents", written_meanwhile)
    monthly.count_month(month)
    assert not _fresh(month) and MonthlyCount.objects.filter(month=month).exists()
    monkeypatch.undo()
    monthly.count_month(month)
    assert _fresh(month)


def _marks(queries) -> int:
    return sum(1 for q in queries if CountedMonth._meta.db_table in q["sql"] and q["sql"].startswith("UPDATE"))


def test_writes_mark_a_month_once_per_transaction_and_again_after_commit(planted, world):
    monthly.count_months(today=END)
    first = planted.press[3]
    month = monthly.local_month(first.occurred_at)
    with CaptureQueriesContext(connection) as saves:
        first.description = "edited"
        first.save()
        first.save()
    assert _marks(saves.captured_queries) == 1  # the second save of the month marks nothing more
    monthly.count_months(today=END)
    before = CountedMonth.objects.get(month=month)
    # After the commit: marked again (a count begun before it cannot mark it fresh), and the worker's job queued;
    # the tests' backend runs it at once, so it is counted again.
    monthly._StaleAfterCommit({month})()
    after = CountedMonth.objects.get(month=month)
    assert after.version > before.version and after.fresh and after.counted_at >= before.counted_at


def _pending_months() -> set:
    return {
        m
        for _, callback, _ in connection.run_on_commit
        if isinstance(callback, monthly._StaleAfterCommit)
        for m in callback.months
    }


class _CountedIterations(list):
    iterations = 0

    def __iter__(self):
        type(self).iterations += 1
        return super().__iter__()


def test_the_commit_callback_is_found_without_scanning_and_survives_a_rolled_back_savepoint(planted, world):
    from django.db import transaction

    first, second = planted.press[3], planted.press[4]
    connection.run_on_commit = []  # what the planting queued (the test's transaction is rolled back anyway)
    # A savepoint that registered the callback is rolled back: Django drops the callback with it, and the next
    # write of the transaction registers one again.
    with pytest.raises(RuntimeError), transaction.atomic():
        first.description = "edited in a savepoint"
        first.save()
        assert monthly.local_month(first.occurred_at) in _pending_months()
        raise RuntimeError
    assert not _pending_months()
    second.description = "edited after it"
    second.save()
    assert _pending_months() == {monthly.local_month(second.occurred_at)}
    # In a long transaction (an import, the demo) the callbacks queued by others are not scanned at every write.
    connection.run_on_commit = _CountedIterations(
        [(set(), lambda: None, False)] * 1000 + list(connection.run_on_commit)
    )
    monthly._pending()  # the list changed: looked for once
    _CountedIterations.iterations = 0
    for _ in range(50):
        second.save()
    assert _CountedIterations.iterations == 0


def test_the_scan_counts_the_months_not_kept(planted, world):
    assert "analytics.monthly" in scans
    message = monthly_scan()
    assert "months counted" in message and CountedMonth.objects.filter(fresh=True).count() >= 24
    assert monthly.months_to_count() == []


def test_nothing_is_kept_below_depth_one(planted, world, settings):
    settings.ZEROHARM_ANALYSIS_KEPT_DEPTH = 0
    assert monthly.count_months(today=END) == (0, 0)
    assert not kept_months(admin(world), Scope(world.unit("G"), START, END))


def test_the_benchmark_floor_counts_what_the_product_counts(planted, world):
    """benchmarks/analysis_floor.py measures the analysis against DuckDB running "the same aggregation over the same
    rows": its statements give the product's counts on the planted set."""
    from benchmarks.analysis_floor import duckdb_params, duckdb_queries, load_duckdb

    with connection.cursor() as cursor:
        db = load_duckdb(cursor)
    group = world.unit("G")
    scope = Scope(group, START, END)
    queries, params = duckdb_queries(len(group.path) + group.steplen), duckdb_params(scope)
    records = from_records(admin(world), scope, list(DIMENSIONS))
    for dimension in ("category", "shift", "kind", "month", "weekday", "hour", "unit", "tenure", "age", "body_part"):
        sql = queries[dimension]
        rows = db.execute(sql, {k: v for k, v in params.items() if f"${k}" in sql}).fetchall()
        floor = {"" if key is None or key == -1 else str(key): n for key, n in rows}
        assert floor == {k: n for k, n in records[dimension].items() if n}, dimension


def test_the_workers_job_is_defined_beside_what_queues_it():
    from zeroharm.analytics import tasks

    assert tasks.count_stale_months is monthly.count_stale_months
    assert monthly.count_stale_months.enqueue().return_value.endswith("rows")  # the tests' backend runs it at once

"""Hidden dangers at scale: ten per person (1,000,000 at the default 100,000 people), the statistics and the list.

The rows are written with one `executemany` per 20,000 (no model instances, no history rows: not needed
to measure reads), in about a minute for a million. Their shape, over the three years up to today:

- units: 90% teams, 8% workshops, 2% branches, each chosen at random;
- found on a day of the last 1,095 (evenly), so about a third fall in any one year;
- 3% major, the rest general; categories 45% unsafe condition, 25% unsafe act, 20% management, 10% environment;
- deadline 3–30 days after finding (major: 60–180);
- older than 60 days: 96% closed (three in four by the deadline), the rest spread over the open states;
  younger ones: the closed share grows with age; open ones past the deadline carry `overdue_since`;
- a reported one (about 1 in 10 of the open) is not assessed yet: no level, category or deadline.
"""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Callable
from decimal import Decimal

from benchmarks.harness import Case, Context, RowWriter, Suite, register

PER_PERSON = 10
DAYS = 1095
BATCH = 20_000
CATEGORIES = ["condition"] * 45 + ["act"] * 25 + ["management"] * 20 + ["environment"] * 10
OPEN = (
    ["reported"] * 10
    + ["assessed"] * 10
    + ["assigned"] * 25
    + ["in_rectification"] * 35
    + ["pending_acceptance"] * 15
    + ["accepted"] * 5
)


def _rows(ctx: Context, count: int, today: datetime.date):
    """Yield one dict per hidden danger (only the fields that vary; the rest take the model's defaults)."""
    from zoneinfo import ZoneInfo

    from django.conf import settings

    zone = ZoneInfo(settings.TIME_ZONE)
    rng = ctx.rng
    teams, units = ctx.data["teams"], ctx.data["units"]
    upper = [u for u in units if u.depth in (2, 3)]
    branches = [u.pk for u in upper if u.depth == 2]
    workshops = [u.pk for u in upper if u.depth == 3]
    teams = [t.pk for t in teams]
    for i in range(count):
        pick = rng.random()
        unit = rng.choice(
            teams if pick < 0.90 or not workshops else workshops if pick < 0.98 or not branches else branches
        )
        age = rng.randrange(DAYS)
        found = today - datetime.timedelta(days=age)
        major = rng.random() < 0.03
        level = "major" if major else "general"
        category = rng.choice(CATEGORIES)
        deadline = found + datetime.timedelta(days=rng.randint(60, 180) if major else rng.randint(3, 30))
        closed_share = 0.96 if age > 60 else 0.96 * age / 60
        row = {
            "unit_id": unit,
            "found_on": found,
            "level": level,
            "category": category,
            "deadline": deadline,
            "original_deadline": deadline,
            "location": f"位置{i % 97}",
            "description": f"隐患描述 {i}",
        }
        if rng.random() < closed_share:
            allowed = (deadline - found).days
            days = rng.randint(0, allowed) if rng.random() < 0.75 else allowed + rng.randint(1, 40)
            days = min(days, age)
            closed_on = found + datetime.timedelta(days=days)
            row.update(
                state="closed",
                closed_at=datetime.datetime.combine(
                    closed_on, datetime.time(rng.randint(8, 18), rng.randint(0, 59)), tzinfo=zone
                ),
                days_to_close=days,
                closed_on_time=closed_on <= deadline,
                budget_amount=Decimal(rng.choice([0, 0, 50, 200, 800, 3000, 20000 if major else 1500])),
            )
            if major:
                row["accepted_at"] = row["closed_at"] - datetime.timedelta(days=1)
        else:
            state = rng.choice(OPEN if major else OPEN[:-5])
            row["state"] = state
            if state == "reported":
                row.update(level="", category="", deadline=None, original_deadline=None)
            elif state == "assessed":
                row.update(deadline=None, original_deadline=None)
            else:
                row["budget_amount"] = Decimal(rng.choice([0, 100, 500, 2000]))
                if state == "accepted":
                    row["accepted_at"] = datetime.datetime.combine(today, datetime.time(9), tzinfo=zone)
                elif deadline < today:
                    row["overdue_since"] = deadline + datetime.timedelta(days=1)
        yield row


@contextlib.contextmanager
def _indexes_dropped(cursor, table: str):
    """SQLite: drop the table's indexes while the rows go in and build them again after (one sort each,
    instead of about twenty B-tree updates per row: minutes become seconds at a million rows)."""
    from django.db import connection

    if connection.vendor != "sqlite":
        yield
        return
    cursor.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s AND sql IS NOT NULL", [table]
    )
    indexes = cursor.fetchall()
    for name, _sql in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    yield
    for _name, sql in indexes:
        cursor.execute(sql)


def build(ctx: Context) -> str:
    from django.db import connection, transaction
    from django.utils import timezone

    from zeroharm.hazards.models import HiddenDanger

    today = timezone.localdate()
    count = ctx.people * PER_PERSON
    now = timezone.now()
    with transaction.atomic(), connection.cursor() as cursor, _indexes_dropped(cursor, HiddenDanger._meta.db_table):
        writer = RowWriter(cursor, HiddenDanger, now, batch_size=BATCH)
        for row in _rows(ctx, count, today):
            writer.add(row)
        writer.flush()
    return f"hazards: {count:,} hidden dangers"


def _statistics(unit: str, query: str = "") -> Callable[[Context], str]:
    return lambda ctx: f"/hazards/statistics/?unit={ctx.ids[unit]}{query}"


def _xlsx(unit: str, quarter: int) -> Callable[[Context], str]:
    def url(ctx):
        from django.utils import timezone

        year = timezone.localdate().year
        return f"/hazards/statistics/quarterly.xlsx?unit={ctx.ids[unit]}&year={year}&quarter={quarter}"

    return url


def _list(unit: str, state: str, page: int = 1) -> Callable[[Context], str]:
    return lambda ctx: (
        f"/hazards/?ancestor_id={ctx.ids[unit]}&state={state}&sort=deadline" + (f"&page={page}" if page > 1 else "")
    )


FIGURES = "By level"  # a heading only the page with figures has (not the empty state)

register(
    Suite(
        name="hazards",
        order=30,
        build=build,
        cases=[
            Case("hazard statistics: group, this year", _statistics("group"), "admin", expect=lambda ctx: FIGURES),
            Case(
                "hazard statistics: group, custom 3 years",
                _statistics("group", "&period=custom&start=2024-01-01&end=2026-12-31"),
                "admin",
                expect=lambda ctx: FIGURES,
            ),
            Case("hazard statistics: branch, this year", _statistics("branch"), "admin", expect=lambda ctx: FIGURES),
            Case("hazard statistics: branch, this year", _statistics("branch"), "leader", expect=lambda ctx: FIGURES),
            Case(
                "hazard statistics: branch, this quarter",
                _statistics("branch", "&period=quarter"),
                "leader",
                expect=lambda ctx: FIGURES,
            ),
            Case("hazard statistics: team, this year", _statistics("team"), "leader", expect=lambda ctx: FIGURES),
            Case(
                "hazard trend chart: group, this year",
                lambda ctx: f"/hazards/statistics/trend/?unit={ctx.ids['group']}",
                "admin",
                expect=lambda ctx: "data-echart",
            ),
            Case("hazard quarterly xlsx: group, whole year", _xlsx("group", 0), "admin"),
            Case("hazard quarterly xlsx: branch, a quarter", _xlsx("branch", 1), "leader"),
            Case(
                "hazard list: branch, in rectification, by deadline, p2",
                _list("branch", "in_rectification", 2),
                "admin",
                expect=lambda ctx: "Page 2 of",
            ),
            Case(
                "hazard list: branch, in rectification, by deadline, p2",
                _list("branch", "in_rectification", 2),
                "leader",
                expect=lambda ctx: "Page 2 of",
            ),
            Case("hazard list: group, assigned, by deadline", _list("group", "assigned"), "admin"),
            Case("hazard list: team, closed, by deadline", _list("team", "closed"), "leader"),
        ],
    )
)

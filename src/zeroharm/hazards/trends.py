"""The trend of hidden dangers found and closed month by month, and the Pareto of their categories."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count

from zeroharm.hazards.models import Category
from zeroharm.hazards.statistics import Period, category_label, percent_of, period_conditions, visible_hazards
from zeroharm.org.models import OrgUnit

#
# Trend and Pareto
#


@dataclass
class TrendRow:
    month: datetime.date  # the first day of the month
    found: int
    closed: int


def trend(user, unit: OrgUnit, period: Period, *, today: datetime.date | None = None) -> list[TrendRow]:
    """Found and closed per calendar month of the period (counted within the period's dates): one query,
    two conditional counts per month (no per-row date function, which SQLite would run in Python)."""
    # Months after today have nothing yet: the chart stops at the reference date's month.
    reference = period.reference_date(today)
    months = Period(period.start, reference).months() if reference >= period.start else period.months()
    conditions = period_conditions(period, period.end)
    counts = {}
    for i, month in enumerate(months):
        first = max(month, period.start)
        last = min((month + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1), period.end)
        inside = period_conditions(Period(first, last), last)
        counts[f"found_{i}"] = Count("id", filter=inside["found"])
        counts[f"closed_{i}"] = Count("id", filter=inside["closed"])
    row = (
        visible_hazards(user, unit).filter(conditions["found"] | conditions["closed"]).aggregate(**counts)
        if counts
        else {}
    )
    return [
        TrendRow(month=m, found=row.get(f"found_{i}") or 0, closed=row.get(f"closed_{i}") or 0)
        for i, m in enumerate(months)
    ]


@dataclass
class ParetoRow:
    category: str
    label: str
    count: int
    share: Decimal  # percent of the assessed total, one decimal
    cumulative: Decimal  # percent, one decimal


def category_counts(user, unit: OrgUnit, period: Period) -> dict[str, int]:
    """Hidden dangers found in the period per category (one query), for the Pareto chart."""
    found = period_conditions(period, period.end)["found"]
    rows = visible_hazards(user, unit).filter(found).values("category").order_by().annotate(n=Count("id"))
    return {row["category"]: row["n"] for row in rows}


def pareto(counts: dict[str, int]) -> list[ParetoRow]:
    """Assessed categories found in the period, the most frequent first (ties in the categories' order),
    with each one's share and the cumulative share of the assessed total. Categories with none are left out."""
    order = list(Category.values)
    items = sorted(((c, n) for c, n in counts.items() if c in order and n), key=lambda cn: (-cn[1], order.index(cn[0])))
    whole = sum(n for _c, n in items)
    rows, running = [], 0
    for category, n in items:
        running += n
        rows.append(
            ParetoRow(
                category=category,
                label=str(category_label(category)),
                count=n,
                share=percent_of(n, whole),
                cumulative=percent_of(running, whole),
            )
        )
    return rows

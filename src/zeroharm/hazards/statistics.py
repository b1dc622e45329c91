"""Hidden-danger statistics (issue 3, point 14; docs/standards/hidden-dangers.md#quarterly-and-annual-statistics):
reads only, a constant number of queries.

Every figure counts the hidden dangers the viewing user may see (`HiddenDanger.objects.visible_to(user)`)
in the chosen unit's subtree, leaving out archived records. A *period* is two dates, both included,
in the site's time zone. The *reference date* of a period is its last day, or today if that is
earlier: "open" and "overdue" are counted on that day.

Definitions (the page, the quarterly xlsx, the docs and the tests use exactly these):

- **found**: `found_on` lies in the period.
- **rectified**: found in the period and closed (`closed_at`) no later than the period's last day.
- **rectification rate**: rectified / found (None when nothing was found).
- **closed**: closed in the period (`closed_at`'s date lies in the period), whenever it was found.
- **on-time rate**: closed in the period by the deadline (`closed_on_time`) / closed in the period
  (None when nothing was closed).
- **average days to close**: the mean of `days_to_close` (found → closed, in days) of those closed in
  the period (None when nothing was closed).
- **funds**: the sum of `budget_amount` (the funds of the rectification order) of those closed in the period.
- **open**: found on or before the reference date and not closed by the end of that day.
- **overdue**: open, with a deadline before the reference date (the deadline as it stands now, after
  any approved extension), and not accepted by the end of that day (an accepted major hidden danger
  awaiting its write-off is no longer late). For today this is the list's "Past the deadline" filter.
- **under governance (listed)**: major and open.

Breakdowns: by level (general, major, not assessed yet) and by category (the four categories and
"not assessed yet"), each giving every figure above; per child unit of the chosen unit (one row
per child's whole subtree, plus a row for the unit's own records when it has any); the monthly
trend (found and closed per calendar month of the period, up to the reference date's month: the
months add up to the period's found and closed); and the Pareto data (the categories of the hidden
dangers found in the period, the most frequent first, with the cumulative share; not-yet-assessed
ones are left out of the Pareto).

One query (conditional aggregation grouped by child unit, level and category) gives the figures,
both breakdowns and the per-child rows; the trend takes one more. The child units are one more.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zeroharm.core.roles import Action
from zeroharm.core.rollup import children_of, folded_by_child
from zeroharm.core.scoping import is_whole_tree, subtree_unit_ids
from zeroharm.hazards.models import Category, HiddenDanger, Level
from zeroharm.org.models import OrgUnit

__all__ = [
    "Period",
    "Figures",
    "Statistics",
    "ChildRow",
    "UNASSESSED",
    "LEVELS",
    "CATEGORIES",
    "period_this",
    "quarter_period",
    "year_period",
    "filing_deadline",
    "statistics",
    "level_label",
    "category_label",
]

UNASSESSED = ""  # the level and the category of a hidden danger not assessed yet
LEVELS: tuple[str, ...] = (Level.GENERAL, Level.MAJOR, UNASSESSED)
CATEGORIES: tuple[str, ...] = (*Category.values, UNASSESSED)


def level_label(level: str) -> str:
    return Level(level).label if level else _("Not assessed yet")


def category_label(category: str) -> str:
    return Category(category).label if category else _("Not assessed yet")


#
# Periods
#


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both days included."""

    start: datetime.date
    end: datetime.date

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError("a period ends on or after its start")

    def reference_date(self, today: datetime.date | None = None) -> datetime.date:
        """The day "open" and "overdue" are counted on: the last day, or today if that is earlier."""
        return min(self.end, today or timezone.localdate())

    def months(self) -> list[datetime.date]:
        """The first day of every calendar month the period touches."""
        months, month = [], self.start.replace(day=1)
        while month <= self.end:
            months.append(month)
            month = (month + datetime.timedelta(days=32)).replace(day=1)
        return months


def quarter_period(year: int, quarter: int) -> Period:
    """Quarter 1–4 of `year`; quarter 0 is the whole year (the annual table)."""
    if quarter == 0:
        return year_period(year)
    first = 3 * (quarter - 1) + 1
    last = first + 2
    return Period(datetime.date(year, first, 1), datetime.date(year, last, calendar.monthrange(year, last)[1]))


def year_period(year: int) -> Period:
    return Period(datetime.date(year, 1, 1), datetime.date(year, 12, 31))


def period_this(kind: str, today: datetime.date | None = None) -> Period:
    """The current "year", "quarter" or "month" containing `today`."""
    today = today or timezone.localdate()
    if kind == "year":
        return year_period(today.year)
    if kind == "quarter":
        return quarter_period(today.year, (today.month - 1) // 3 + 1)
    if kind == "month":
        return Period(today.replace(day=1), today.replace(day=calendar.monthrange(today.year, today.month)[1]))
    raise ValueError(kind)


def filing_deadline(year: int, quarter: int) -> datetime.date:
    """When the signed table is due (docs/standards/hidden-dangers.md#quarterly-and-annual-statistics): the 15th of
    the first month of the next quarter,
    and Jan 31 of the next year for the annual table (quarter 0)."""
    if quarter == 0:
        return datetime.date(year + 1, 1, 31)
    if quarter == 4:
        return datetime.date(year + 1, 1, 15)
    return datetime.date(year, 3 * quarter + 1, 15)


#
# Figures
#


@dataclass
class Figures:
    """The counts of one slice (a level, a category, a child unit or the whole subtree), and the rates."""

    found: int = 0
    rectified: int = 0
    closed: int = 0
    closed_on_time: int = 0
    days_total: int = 0
    funds: Decimal = Decimal("0")
    open: int = 0
    overdue: int = 0

    def __add__(self, other: Figures) -> Figures:
        return Figures(**{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)})

    @classmethod
    def total(cls, items: Iterable[Figures]) -> Figures:
        return sum(items, cls())

    @property
    def rectification_rate(self) -> Decimal | None:
        """rectified / found, as a percentage with one decimal; None when nothing was found."""
        return percent_of(self.rectified, self.found)

    @property
    def on_time_rate(self) -> Decimal | None:
        """closed on time / closed, as a percentage with one decimal; None when nothing was closed."""
        return percent_of(self.closed_on_time, self.closed)

    @property
    def average_days_to_close(self) -> Decimal | None:
        """Mean days from finding to closing of those closed, one decimal; None when nothing was closed."""
        if not self.closed:
            return None
        return (Decimal(self.days_total) / self.closed).quantize(Decimal("0.1"))

    @property
    def is_empty(self) -> bool:
        return not (self.found or self.closed or self.open)


def percent_of(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100 * part) / whole).quantize(Decimal("0.1"))


@dataclass
class ChildRow:
    """One row per child unit (its whole subtree); `unit` is the chosen unit itself for its own records."""

    unit: OrgUnit
    figures: Figures
    by_level: dict[str, Figures]
    is_self: bool = False


@dataclass
class Statistics:
    unit: OrgUnit
    period: Period
    reference_date: datetime.date
    total: Figures
    by_level: dict[str, Figures]  # LEVELS order
    by_category: dict[str, Figures]  # CATEGORIES order
    children: list[ChildRow] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return self.total.is_empty

    @property
    def under_governance(self) -> int:
        """Major hidden dangers still open on the reference date (listed for governance)."""
        return self.by_level[Level.MAJOR].open


def day_start(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of `day` in the site's time zone (closed_at is a moment in time)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def visible_hazards(user, unit: OrgUnit):
    """What `user` may see; with no user, every record: the organisation's own figure (an indicator of
    core.indicators, which an agreement's target is measured on, whoever looks at it)."""
    records = HiddenDanger.objects.all() if user is None else HiddenDanger.objects.visible_to(user, Action.VIEW)
    qs = records.filter(is_archived=False)
    return qs if is_whole_tree(unit.path) else qs.filter(unit__in=subtree_unit_ids(unit.path))


def period_conditions(period: Period, reference: datetime.date) -> dict[str, Q]:
    start, after_end = day_start(period.start), day_start(period.end + datetime.timedelta(days=1))
    after_reference = day_start(reference + datetime.timedelta(days=1))
    found = Q(found_on__gte=period.start, found_on__lte=period.end)
    closed = Q(closed_at__gte=start, closed_at__lt=after_end)
    open_ = Q(found_on__lte=reference) & (Q(closed_at__isnull=True) | Q(closed_at__gte=after_reference))
    return {
        "found": found,
        "rectified": found & Q(closed_at__lt=after_end),
        "closed": closed,
        "closed_on_time": closed & Q(closed_on_time=True),
        "open": open_,
        # The deadline runs from the order to the acceptance (hazards.models.DEADLINE_STATES): an accepted
        # major hidden danger awaiting its write-off is open but no longer late.
        "overdue": open_
        & Q(deadline__lt=reference)
        & (Q(accepted_at__isnull=True) | Q(accepted_at__gte=after_reference)),
    }


def _aggregates(conditions: dict[str, Q]) -> dict:
    closed = conditions["closed"]
    return {
        **{name: Count("id", filter=q) for name, q in conditions.items()},
        "days_total": Sum("days_to_close", filter=closed),
        "funds": Sum("budget_amount", filter=closed),
    }


def _figures(row: dict) -> Figures:
    return Figures(**{f.name: row.get(f.name) or f.default for f in fields(Figures)})


def statistics(
    user, unit: OrgUnit, period: Period, *, today: datetime.date | None = None, with_children: bool = True
) -> Statistics:
    """Every figure of `unit`'s subtree for `period`, by level, by category and per child unit.

    Two queries whatever the data's size: the figures, and the child units. The figures are one GROUP BY
    (unit, level, category) with conditional aggregates over the rows that count for any figure — read
    from the covering index, no join per row — regrouped by (child unit, level, category) in an outer
    query that joins each group (not each row) to its unit's path.
    """
    reference = period.reference_date(today)
    conditions = period_conditions(period, reference)
    relevant = conditions["found"] | conditions["closed"] | conditions["open"]
    aggregates = _aggregates(conditions)
    if with_children:
        inner = (
            visible_hazards(user, unit)
            .filter(relevant)
            .values("unit_id", "level", "category")
            .order_by()
            .annotate(**aggregates)
        )
        rows = folded_by_child(inner, unit, ["level", "category"], list(aggregates))
        for row in rows:  # money keeps its cents whatever the database returns
            row["funds"] = Decimal(str(row["funds"] or 0)).quantize(Decimal("0.01"))
    else:
        rows = list(
            visible_hazards(user, unit).filter(relevant).values("level", "category").order_by().annotate(**aggregates)
        )

    by_level = {level: Figures() for level in LEVELS}
    by_category = {category: Figures() for category in CATEGORIES}
    by_child: dict[str, dict[str, Figures]] = {}
    for row in rows:
        figures = _figures(row)
        level = row["level"] if row["level"] in by_level else UNASSESSED
        category = row["category"] if row["category"] in by_category else UNASSESSED
        by_level[level] += figures
        by_category[category] += figures
        if with_children:
            child = by_child.setdefault(row["child"], {lv: Figures() for lv in LEVELS})
            child[level] += figures
    total = Figures.total(by_level.values())
    children = _child_rows(user, unit, by_child) if with_children else []
    return Statistics(
        unit=unit,
        period=period,
        reference_date=reference,
        total=total,
        by_level=by_level,
        by_category=by_category,
        children=children,
    )


def _child_rows(user, unit: OrgUnit, by_child: dict[str, dict[str, Figures]]) -> list[ChildRow]:
    """A row per child unit the user may see (archived ones only while they have figures), in tree order,
    and first a row for the records held by `unit` itself, when there are any."""
    children = children_of(unit, user)
    rows = []
    own = by_child.get(unit.path)
    if own is not None:
        rows.append(ChildRow(unit=unit, figures=Figures.total(own.values()), by_level=own, is_self=True))
    for child in children:
        levels = by_child.get(child.path, {level: Figures() for level in LEVELS})
        figures = Figures.total(levels.values())
        if child.is_archived and figures.is_empty:
            continue
        rows.append(ChildRow(unit=child, figures=figures, by_level=levels))
    return rows

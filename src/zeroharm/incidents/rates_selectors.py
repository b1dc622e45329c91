"""The database side of injury rates: summed cases, hours and average workforce of a unit subtree and period.

Definitions (docs/standards/osha-recordkeeping.md#incidence-rates,
docs/standards/china-accident-statistics.md#statistical-indicators; the formulas are in ``incidents.rates``):

- **Cases** are the people involved in the non-archived incidents of the subtree that occurred in the
  period (local dates, both inclusive), counted by their computed fields: OSHA G/H/I/J by
  ``osha_column`` among those ``on_osha_log``, K and L as the sums of their capped days; GB 6441 deaths,
  serious and minor injuries by ``injury_class`` and the lost workdays charged (death 6000).
- Both standards count the **same population as the hours**: employees, and contractors or temporary
  workers we supervise day to day (exactly the people who go on the OSHA log). Visitors and unsupervised
  contractors are not in the man-hours, so they are not in the rates either (they still count for the
  accident's grade).
- **Hours** are the sum of ``org.ManHours`` of the subtree over the months that overlap the period (hours
  are recorded per month: a month partly inside the period counts in full).
- **Average workforce** is the mean, over the months of the period that have man-hours recorded in the
  subtree, of the headcount summed over the subtree's units in that month. A month nobody recorded is
  unknown, not zero (this year's months still to come would otherwise halve the workforce).
- A unit's figures are its **summed** cases and hours: a parent's rate is never an average of its
  children's rates. Zero hours (or no month recorded) makes a rate undefined (None), never 0.

Every function here runs a constant number of queries, whatever the size of the subtree.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from zeroharm.core.rollup import children_of, grouped_by_child
from zeroharm.core.scoping import subtree_q, subtree_unit_ids
from zeroharm.incidents.choices import InjuryClass, OshaColumn, PersonRole
from zeroharm.incidents.models import InvolvedPerson
from zeroharm.incidents.rates import RateSet, rate_set
from zeroharm.org.models import ManHours, OrgUnit

__all__ = ["rate_figures", "rate_table", "RateRow", "period_bounds", "WORKFORCE"]

# The people whose injuries are rated: those whose hours are in the man-hours (see the module docstring).
WORKFORCE = Q(role=PersonRole.EMPLOYEE) | Q(daily_supervised=True)
_LOG = Q(on_osha_log=True)

# count key of rates.rate_set → aggregate over InvolvedPerson
_AGGREGATES = {
    "G": Count("id", filter=_LOG & Q(osha_column=OshaColumn.DEATH)),
    "H": Count("id", filter=_LOG & Q(osha_column=OshaColumn.DAYS_AWAY)),
    "I": Count("id", filter=_LOG & Q(osha_column=OshaColumn.RESTRICTED)),
    "J": Count("id", filter=_LOG & Q(osha_column=OshaColumn.OTHER)),
    "K": Sum("osha_days_away", filter=_LOG),
    "L": Sum("osha_restricted_days", filter=_LOG),
    "deaths": Count("id", filter=WORKFORCE & Q(injury_class=InjuryClass.FATAL)),
    "serious": Count("id", filter=WORKFORCE & Q(injury_class=InjuryClass.SERIOUS)),
    "minor": Count("id", filter=WORKFORCE & Q(injury_class=InjuryClass.MINOR)),
    "lost_days": Sum("lost_workdays", filter=WORKFORCE & ~Q(injury_class="")),
}
COUNT_NAMES = tuple(_AGGREGATES)


def period_bounds(date_from: datetime.date, date_to: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """[start, end) of the local dates date_from … date_to (both inclusive), as aware datetimes."""
    start = timezone.make_aware(datetime.datetime.combine(date_from, datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(date_to + datetime.timedelta(days=1), datetime.time.min))
    return start, end


def _people(date_from: datetime.date, date_to: datetime.date):
    start, end = period_bounds(date_from, date_to)
    return InvolvedPerson.objects.filter(
        incident__is_archived=False,
        incident__occurred_at__gte=start,
        incident__occurred_at__lt=end,
    ).order_by()  # no default ordering: it would land in the GROUP BY


def _hours(date_from: datetime.date, date_to: datetime.date):
    months = {"month__gte": date_from.replace(day=1), "month__lte": date_to}
    return ManHours.objects.filter(is_archived=False, **months).order_by()


def _counts(row: dict) -> dict[str, int]:
    return {name: int(row.get(name) or 0) for name in COUNT_NAMES}


def _add(total: dict[str, int], more: dict[str, int]) -> None:
    for name in COUNT_NAMES:
        total[name] = total.get(name, 0) + more.get(name, 0)


def _rates(counts: dict[str, int], months: dict[datetime.date, tuple[Decimal, Decimal]]) -> RateSet:
    """The RateSet from summed counts and {month: (hours, headcount)} summed over the units."""
    hours = sum((h for h, _hc in months.values()), Decimal(0))
    workforce = (sum((hc for _h, hc in months.values()), Decimal(0)) / len(months)) if months else None
    return rate_set(counts, hours, workforce)


def _decimal(value) -> Decimal:
    # SQLite may hand back floats for sums of decimals; go through str to keep the recorded tenths exact.
    return value if isinstance(value, Decimal) else Decimal(str(value or 0))


def rate_figures(unit: OrgUnit, date_from: datetime.date, date_to: datetime.date) -> RateSet:
    """Every rate of ``unit``'s subtree for the period, from summed counts: two queries."""
    units = subtree_unit_ids(unit.path)
    row = _people(date_from, date_to).filter(incident__unit__in=units).aggregate(**_AGGREGATES)
    months = {
        r["month"]: (_decimal(r["hours"]), _decimal(r["headcount"]))
        for r in _hours(date_from, date_to)
        .filter(unit__in=units)
        .values("month")
        .annotate(hours=Sum("hours"), headcount=Sum("average_headcount"))
    }
    return _rates(_counts(row), months)


@dataclass
class RateRow:
    unit: OrgUnit
    rates: RateSet
    is_self: bool = False  # the records held by the unit itself, not by a child

    @property
    def no_hours(self) -> bool:
        return not self.rates.hours


def rate_table(unit: OrgUnit, date_from: datetime.date, date_to: datetime.date) -> tuple[RateSet, list[RateRow]]:
    """The unit's rates and a row per child unit (first the unit's own records, when it has any).

    Three queries whatever the number of children: the cases grouped by child, the man-hours grouped by
    (child, month), and the children. The total is the sum of the groups (cases and hours summed, never
    rates averaged), and equals :func:`rate_figures` of the unit.
    """
    in_subtree = subtree_q(unit.path, prefix="incident__unit__")
    case_rows = grouped_by_child(
        _people(date_from, date_to).filter(in_subtree), unit, _AGGREGATES, unit_field="incident__unit"
    )
    counts_by_child: dict[str, dict[str, int]] = {row["child"]: _counts(row) for row in case_rows}

    hour_rows = grouped_by_child(
        _hours(date_from, date_to).filter(subtree_q(unit.path, prefix="unit__")),
        unit,
        {"hours": Sum("hours"), "headcount": Sum("average_headcount")},
        keys=("month",),
    )
    months_by_child: dict[str, dict[datetime.date, tuple[Decimal, Decimal]]] = defaultdict(dict)
    all_months: dict[datetime.date, tuple[Decimal, Decimal]] = {}
    for row in hour_rows:
        hours, headcount = _decimal(row["hours"]), _decimal(row["headcount"])
        months_by_child[row["child"]][row["month"]] = (hours, headcount)
        before = all_months.get(row["month"], (Decimal(0), Decimal(0)))
        all_months[row["month"]] = (before[0] + hours, before[1] + headcount)

    total_counts: dict[str, int] = {}
    for counts in counts_by_child.values():
        _add(total_counts, counts)
    total = _rates(total_counts, all_months)

    rows: list[RateRow] = []
    if unit.path in counts_by_child or unit.path in months_by_child:
        rows.append(
            RateRow(unit, _rates(counts_by_child.get(unit.path, {}), months_by_child.get(unit.path, {})), is_self=True)
        )
    for child in children_of(unit):
        has_figures = child.path in counts_by_child or child.path in months_by_child
        if child.is_archived and not has_figures:
            continue
        rows.append(RateRow(child, _rates(counts_by_child.get(child.path, {}), months_by_child.get(child.path, {}))))
    return total, rows

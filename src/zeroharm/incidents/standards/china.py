"""GB 6441-1986 injury classes, the 2016 statistical definitions and Decree 493 grades and report deadlines."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from zeroharm.incidents.choices import (
    AccidentGrade,
    InjuryClass,
    StatReportClass,
)

# ---------------------------------------------------------------------------------------------------------
# GB 6441-1986 (docs/standards/china-accident-statistics.md#injury-classes-by-lost-workdays)
# ---------------------------------------------------------------------------------------------------------

MINOR_DAYS = 1  # 轻伤: 1 ≤ d < 105
SERIOUS_DAYS = 105  # 重伤: 105 ≤ d
DEATH_CHARGE_DAYS = 6000  # death or permanent total disability is charged 6000; nothing is charged more


def _non_negative(name: str, value: int) -> int:
    if value < 0:
        raise ValueError(f"{name} cannot be negative: {value}")
    return value


def injury_class(lost_workdays: int, *, fatal: bool) -> InjuryClass | None:
    """The GB 6441 class of one injured person: fatal from the flag, otherwise by lost workdays.

    d = 0 is not a GB 6441 casualty (None); 1 ≤ d < 105 is 轻伤; d ≥ 105 is 重伤. A non-fatal case charged
    6000 days (permanent total disability) stays 重伤: the "死亡" class comes from the outcome, not the days.
    """
    if fatal:
        return InjuryClass.FATAL
    _non_negative("lost_workdays", lost_workdays)
    if lost_workdays >= SERIOUS_DAYS:
        return InjuryClass.SERIOUS
    if lost_workdays >= MINOR_DAYS:
        return InjuryClass.MINOR
    return None


def charged_days(lost_workdays: int, *, fatal_or_total_disability: bool) -> int:
    """Lost workdays charged under Appendix B: 6000 for death or permanent total disability, never above 6000.

    The Appendix B table for partial disabilities is ``[U]``; the caller passes its value (or the actual
    rest days where the table gives none) as ``lost_workdays``.
    """
    if fatal_or_total_disability:
        return DEATH_CHARGE_DAYS
    return min(_non_negative("lost_workdays", lost_workdays), DEATH_CHARGE_DAYS)


STAT_INJURED_DAYS = 3
STAT_DEATH_WINDOW_DAYS = 30
STAT_DEATH_WINDOW_TRAFFIC_FIRE_DAYS = 7


def stat_report_class(days_off: int, *, died: bool) -> StatReportClass | None:
    """The 2016 statistical-report class: death; ≥ 105 working days off 重伤; ≥ 3 受伤; fewer is none.

    ``died`` is the statistical death (see :func:`death_counts`; a person missing past the window counts too).
    """
    if died:
        return StatReportClass.DEATH
    _non_negative("days_off", days_off)
    if days_off >= SERIOUS_DAYS:
        return StatReportClass.SERIOUS
    if days_off >= STAT_INJURED_DAYS:
        return StatReportClass.INJURED
    return None


def _as_date(value: date) -> date:
    return value.date() if isinstance(value, datetime) else value


def death_counts(accident_date: date, death_date: date, *, traffic_or_fire: bool) -> bool:
    """Whether a death counts as a death of the accident: within 30 calendar days (7 for road traffic and fire).

    Day 30 (day 7) itself is still inside the window. Datetimes are compared by their calendar dates.
    """
    days = (_as_date(death_date) - _as_date(accident_date)).days
    if days < 0:
        raise ValueError("the death cannot precede the accident")
    window = STAT_DEATH_WINDOW_TRAFFIC_FIRE_DAYS if traffic_or_fire else STAT_DEATH_WINDOW_DAYS
    return days <= window


# ---------------------------------------------------------------------------------------------------------
# Decree 493 (docs/standards/china-accident-statistics.md#accident-grades-decree-493)
# ---------------------------------------------------------------------------------------------------------

# grade → (deaths, serious injuries, direct loss in CNY), each the lowest value that reaches the grade
# ("以上" includes the number, "以下" excludes it). Highest grade first.
GRADE_THRESHOLDS: tuple[tuple[AccidentGrade, int, int, Decimal], ...] = (
    (AccidentGrade.ESPECIALLY_MAJOR, 30, 100, Decimal("100000000")),
    (AccidentGrade.MAJOR, 10, 50, Decimal("50000000")),
    (AccidentGrade.LARGER, 3, 10, Decimal("10000000")),
)


def accident_grade(deaths: int, serious_injuries: int, direct_loss_cny: Decimal) -> AccidentGrade:
    """The Decree 493 grade: the highest grade that any one of the three criteria reaches.

    Serious injuries include acute industrial poisoning.
    """
    _non_negative("deaths", deaths)
    _non_negative("serious_injuries", serious_injuries)
    loss = Decimal(str(direct_loss_cny)) if isinstance(direct_loss_cny, float) else Decimal(direct_loss_cny)
    if loss < 0:
        raise ValueError("direct_loss_cny cannot be negative")
    for grade, min_deaths, min_serious, min_loss in GRADE_THRESHOLDS:
        if deaths >= min_deaths or serious_injuries >= min_serious or loss >= min_loss:
            return grade
    return AccidentGrade.GENERAL


GOV_REPORT_HOURS = 1
SUPPLEMENTARY_DAYS = 30
SUPPLEMENTARY_TRAFFIC_FIRE_DAYS = 7


def gov_report_deadline(occurred_at: datetime) -> datetime:
    """When the unit head's report to the county-level authority is due: 1 hour (Decree 493, Art. 9).

    Art. 9 counts the hour from when the unit head learns of the accident; the occurrence time is the
    strict reading and the one used here. Pass the time the head was told for the lenient one.
    """
    return occurred_at + timedelta(hours=GOV_REPORT_HOURS)


def supplementary_window_days(*, traffic_or_fire: bool) -> int:
    """Days after the accident in which a changed casualty count must be reported (补报): 30, or 7."""
    return SUPPLEMENTARY_TRAFFIC_FIRE_DAYS if traffic_or_fire else SUPPLEMENTARY_DAYS


def supplementary_report_until(accident_date: date, *, traffic_or_fire: bool) -> date:
    """The last day of the supplementary-report window (inclusive)."""
    return _as_date(accident_date) + timedelta(days=supplementary_window_days(traffic_or_fire=traffic_or_fire))

"""The figures of a summary review, computed from the records of the unit's subtree and period by the modules' own
selectors — never counted again here, so the review and each module's page agree for the same subtree and period:

- every registered indicator (core.indicators: fatalities, serious injuries, LTIFR, rectified on time, training
  coverage, cleared to work, briefings held…), the very figure an agreement's target is measured on;
- the targets of the unit's signed agreement of the year, each met / at risk / missed on the period's last day
  (responsibility's first leader's view: a half-year's count targets are judged on their projection to the year);
- the injuries and rates (incidents' rates page), against the previous period and the same period a year before,
  with the exact conditional test of whether the rate rose (analytics.stats.rate_ratio_test, one-sided, p < 0.05);
- the accident categories (the analysis page's breakdown, as the viewer sees it);
- hidden dangers found, rectified, on time, open and overdue (hazards' statistics page), and per child unit;
- the campaigns of the period (Safety Production Month…): the progress board's total under the unit and the
  commitments of the directors' statements, kept and open (campaigns' closing report).

`snapshot()` turns them into plain data: what an issued review keeps and its PDF and Word file are made from."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from zeroharm.analytics.selectors.breakdowns import breakdowns
from zeroharm.analytics.selectors.scope import Scope
from zeroharm.analytics.stats import rate_ratio_test
from zeroharm.campaigns.selectors.report import campaigns_in_period
from zeroharm.core.indicators import indicators, measuring
from zeroharm.hazards.statistics import Period, statistics
from zeroharm.incidents.rates_selectors import rate_figures
from zeroharm.reports.choices import ReviewKind
from zeroharm.responsibility.choices import TargetStanding
from zeroharm.responsibility.selectors.leaders import leader_view

__all__ = ["period_of", "previous_of", "Comparison", "SummaryFigures", "summary_figures", "snapshot", "SIGNIFICANT"]

SIGNIFICANT = 0.05  # a rise whose one-sided p-value is below this is called significant
INJURIES = ("deaths", "serious", "minor")  # GB 6441 injured people: the count the injury rate is of


def period_of(kind: str, year: int) -> tuple[datetime.date, datetime.date]:
    if kind == ReviewKind.FIRST_HALF:
        return datetime.date(year, 1, 1), datetime.date(year, 6, 30)
    if kind == ReviewKind.SECOND_HALF:
        return datetime.date(year, 7, 1), datetime.date(year, 12, 31)
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def previous_of(kind: str, year: int) -> tuple[str, int]:
    """The period just before: H1 → last year's H2, H2 → this year's H1, a year → the year before."""
    if kind == ReviewKind.FIRST_HALF:
        return ReviewKind.SECOND_HALF, year - 1
    if kind == ReviewKind.SECOND_HALF:
        return ReviewKind.FIRST_HALF, year
    return ReviewKind.ANNUAL, year - 1


@dataclass(frozen=True)
class Comparison:
    """This period's injuries against another period's, per million hours, with the test of a rise."""

    label: str
    start: datetime.date
    end: datetime.date
    injuries: int
    hours: Decimal | None
    ratio: float | None
    p_value: float | None

    @property
    def significant_rise(self) -> bool:
        return self.p_value is not None and self.p_value < SIGNIFICANT and (self.ratio or 0) > 1


@dataclass
class SummaryFigures:
    unit: object
    start: datetime.date
    end: datetime.date
    day: datetime.date  # what "open" and "overdue" are counted on: the last day, or today if earlier
    indicators: list[dict] = field(default_factory=list)
    leader: object = None
    rates: object = None
    injuries: int = 0
    comparisons: list[Comparison] = field(default_factory=list)
    categories: list = field(default_factory=list)
    hazards: object = None
    campaigns: list = field(default_factory=list)  # plain data already (campaigns.selectors.report)


def _injuries(rates) -> int:
    return sum(rates.counts.get(name, 0) for name in INJURIES)


def _comparison(label: str, unit, start, end, injuries: int, hours) -> Comparison:
    other = rate_figures(unit, start, end)
    test = rate_ratio_test(_injuries(other), float(other.hours or 0), injuries, float(hours or 0))
    return Comparison(label, start, end, _injuries(other), other.hours, test.ratio, test.p_value_increase)


def _indicator_rows(unit, start, end) -> list[dict]:
    rows = []
    for item in indicators():
        value = item.compute(unit, start, end)
        rows.append(
            {
                "key": item.key,
                "label": str(item.label),
                "unit": item.unit,
                "value": None if value is None else Decimal(value),
                "url": item.records_url(unit, start, end),
            }
        )
    return rows


def summary_figures(user, unit, kind: str, year: int, *, today: datetime.date) -> SummaryFigures:
    from django.utils.translation import gettext as _

    start, end = period_of(kind, year)
    figures = SummaryFigures(unit=unit, start=start, end=end, day=min(end, today))
    with measuring():  # the indicators and the rates share their readings
        figures.indicators = _indicator_rows(unit, start, end)
        figures.leader = leader_view(unit, figures.day, with_overdue=False)
        figures.rates = rate_figures(unit, start, end)
    figures.injuries = _injuries(figures.rates)
    before_kind, before_year = previous_of(kind, year)
    figures.comparisons = [
        _comparison(
            _("previous period"), unit, *period_of(before_kind, before_year), figures.injuries, figures.rates.hours
        ),
        _comparison(
            _("same period last year"), unit, *period_of(kind, year - 1), figures.injuries, figures.rates.hours
        ),
    ]
    scope = Scope(unit, start, end)
    figures.categories = [row for row in breakdowns(user, scope, ["category"])["category"].rows if row.count]
    figures.hazards = statistics(None, unit, Period(start, end), today=today)
    figures.campaigns = campaigns_in_period(user, unit, start, end, today)
    return figures


def _number(value):
    if value is None:
        return None
    return float(value) if isinstance(value, Decimal | float) else value


def snapshot(figures: SummaryFigures) -> dict:
    """The figures as plain data (JSON): what an issued review keeps, and what its PDF and Word file show."""
    leader, hazards = figures.leader, figures.hazards
    return {
        "unit": figures.unit.name,
        "start": figures.start.isoformat(),
        "end": figures.end.isoformat(),
        "day": figures.day.isoformat(),
        "indicators": [{**row, "value": _number(row["value"])} for row in figures.indicators],
        "agreement": str(leader.agreement) if leader.agreement else "",
        "targets": [
            {
                "label": t.label,
                "comparison": t.target.get_comparison_display(),
                "value": _number(t.target.value),
                "actual": _number(t.actual),
                "projected": _number(t.projected),
                "standing": t.standing,
                "standing_label": str(TargetStanding(t.standing).label),
            }
            for t in leader.targets
        ],
        "injuries": figures.injuries,
        "counts": {name: figures.rates.counts.get(name, 0) for name in (*INJURIES, "lost_days")},
        "hours": _number(figures.rates.hours),
        "ltifr": _number(figures.rates.ltifr),
        "comparisons": [
            {
                "label": c.label,
                "start": c.start.isoformat(),
                "end": c.end.isoformat(),
                "injuries": c.injuries,
                "hours": _number(c.hours),
                "ratio": c.ratio,
                "p_value": c.p_value,
                "significant_rise": c.significant_rise,
            }
            for c in figures.comparisons
        ],
        "categories": [{"label": str(row.label), "count": row.count} for row in figures.categories],
        "hazards": {
            "found": hazards.total.found,
            "rectified": hazards.total.rectified,
            "closed_on_time": hazards.total.closed_on_time,
            "closed": hazards.total.closed,
            "open": hazards.total.open,
            "overdue": hazards.total.overdue,
            "rectification_rate": _number(hazards.total.rectification_rate),
            "major_open": hazards.under_governance,
        },
        "campaigns": figures.campaigns,
    }

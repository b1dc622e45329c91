"""The first leader's view (issue 14, point 9): for a unit, its first leader (the principal person, SPL Art. 5),
the agreement of the year they signed as party B, where each of its targets stands today with a forecast from the
year so far, and what is overdue in the unit's subtree (core.overdue).

The forecast, a rule a reader can check by hand:
- a target with nothing to measure yet: "nothing to measure yet";
- a count (fatalities, serious injuries) only grows during a year: a count already past a "=", "≤" or "<" target
  is missed; otherwise the count is projected to the year's end (count × days in the year ÷ days gone) and the
  target is on track if the projection meets it, else at risk;
- a percentage or a rate so far is its own forecast: on track if it meets the target, else at risk;
- once the year is over, a target not met is missed."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from zeroharm.core.indicators import indicator
from zeroharm.core.overdue import OverdueCount, overdue_in
from zeroharm.responsibility.choices import AgreementStatus, Comparison, TargetStanding
from zeroharm.responsibility.models import Agreement
from zeroharm.responsibility.services.strictness import meets

__all__ = ["TargetToday", "LeaderView", "standing", "targets_today", "leader_view"]

GROWS_PAST = (Comparison.EQUAL, Comparison.AT_MOST, Comparison.BELOW)


def standing(target, unit_kind: str, actual: Decimal | None, day: datetime.date) -> tuple[str, Decimal | None]:
    """(standing, projected figure) of one target on `day` of its year, by the rule above."""
    if actual is None:
        return TargetStanding.NO_DATA, None
    value = Decimal(target.value)
    year_end = datetime.date(day.year, 12, 31)
    if unit_kind == "count":
        gone = (day - datetime.date(day.year, 1, 1)).days + 1
        days = (year_end - datetime.date(day.year, 1, 1)).days + 1
        projected = (actual * days / gone).quantize(Decimal("0.1"), ROUND_HALF_UP)
        if target.comparison in GROWS_PAST and not meets(target.comparison, actual, value):
            return TargetStanding.MISSED, projected
    else:
        projected = actual
    if meets(target.comparison, projected, value):
        return TargetStanding.ON_TRACK, projected
    return (TargetStanding.MISSED if day >= year_end else TargetStanding.AT_RISK), projected


@dataclass(frozen=True)
class TargetToday:
    target: object
    label: str
    actual: Decimal | None
    projected: Decimal | None
    standing: str
    records_url: str


@dataclass
class LeaderView:
    unit: object
    leader: object | None
    agreement: Agreement | None
    day: datetime.date
    targets: list[TargetToday] = field(default_factory=list)
    overdue: list[OverdueCount] = field(default_factory=list)

    @property
    def at_risk(self) -> int:
        return sum(1 for t in self.targets if t.standing == TargetStanding.AT_RISK)

    @property
    def missed(self) -> int:
        return sum(1 for t in self.targets if t.standing == TargetStanding.MISSED)

    @property
    def overdue_total(self) -> int:
        return sum(item.count for item in self.overdue)


def signed_agreement(unit, year: int) -> Agreement | None:
    """The unit's agreement of the year as party B: its latest signed revision, else its latest revision."""
    own = Agreement.objects.filter(recipient=unit, recipient_person__isnull=True, year=year)
    revisions = list(own.order_by("-revision"))
    signed = [a for a in revisions if a.status == AgreementStatus.SIGNED]
    return signed[0] if signed else (revisions[0] if revisions else None)


def targets_today(agreement: Agreement, unit, day: datetime.date) -> list[TargetToday]:
    """Each target of a signed agreement on `day`: its figure for the unit's subtree from the year's start (the
    indicator's own computation), its projection and standing. The first leader's view and the nightly standing
    scan both read it, so the figure stored for the home page is the one this page shows."""
    start = datetime.date(day.year, 1, 1)
    rows = []
    for target in agreement.targets.order_by("order"):
        found = indicator(target.indicator)
        actual = found.compute(unit, start, day) if found else None
        actual = None if actual is None else Decimal(actual)
        where, projected = standing(target, found.unit if found else "", actual, day)
        rows.append(
            TargetToday(
                target=target,
                label=str(found.label) if found else target.indicator,
                actual=actual,
                projected=projected,
                standing=where,
                records_url=found.records_url(unit, start, day) if found else "",
            )
        )
    return rows


def leader_view(unit, day: datetime.date, *, with_targets: bool = True, with_overdue: bool = True) -> LeaderView:
    """The unit's view on `day`: its first leader, its agreement, each target today (signed agreements only: a
    draft binds nobody yet) and what is overdue under it (`with_overdue`: counted for recent days only, so a look
    back at a past period's targets — a summary review — goes without)."""
    view = LeaderView(unit=unit, leader=unit.principal, agreement=signed_agreement(unit, day.year), day=day)
    if with_overdue:
        view.overdue = overdue_in(unit, day)
    agreement = view.agreement
    if with_targets and agreement is not None and agreement.status == AgreementStatus.SIGNED:
        view.targets = targets_today(agreement, unit, day)
    return view

"""Cleared to work: SPL Art. 28 ("未经安全生产教育和培训合格的从业人员，不得上岗作业") computed from the records.

A person is cleared on a day only when every one of these holds, and each one that does not is named as a gap:
- their induction (three levels for a new hire, workshop and team after a job change or a long absence) has every
  level passed, in order, and at least the required total hours (24, 72 or 32 学时 by industry);
- every certificate their post requires is valid that day (issued, not expired, its review not overdue, not revoked);
- every periodic requirement of their post and unit (refreshers, special-operation courses…) has its hours within
  its period (a rolling window ending on the day; the period of an annual refresher is not confirmed nationally).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from zeroharm.training.choices import INDUCTION_LEVEL_ORDER, InductionLevel
from zeroharm.training.rules.dates import add_months

__all__ = [
    "Gap",
    "LevelResult",
    "InductionFacts",
    "CertificateFacts",
    "RequirementFacts",
    "PersonFacts",
    "Clearance",
    "judge",
    "DUE_SOON_DAYS",
]

DUE_SOON_DAYS = 30  # amber in the matrix: met today, not any more in 30 days without new training

GAP_MESSAGES = {
    "no_induction": _("No induction on record."),
    "level_missing": _("%(level)s not taken."),
    "level_failed": _("%(level)s assessment not passed."),
    "level_order": _("%(level)s taken before the level above it."),
    "hours_short": _("Induction hours %(have)s of %(need)s."),
    "certificate_missing": _("No %(kind)s."),
    "certificate_expired": _("%(kind)s %(number)s expired on %(date)s."),
    "certificate_review_overdue": _("%(kind)s %(number)s: review was due on %(date)s."),
    "certificate_revoked": _("%(kind)s %(number)s was revoked."),
    "certificate_not_yet": _("%(kind)s %(number)s is valid only from %(date)s."),
    "requirement_short": _("%(course)s: %(have)s of %(need)s hours within %(months)s months."),
    "requirement_missing": _("%(course)s not done."),
}


@dataclass(frozen=True)
class Gap:
    code: str
    params: dict = field(default_factory=dict, hash=False, compare=False)

    def message(self) -> str:
        return str(GAP_MESSAGES[self.code]) % {key: str(value) for key, value in self.params.items()}

    def __str__(self):
        return self.message()


@dataclass(frozen=True)
class LevelResult:
    hours: Decimal
    passed: bool
    completed_on: datetime.date | None = None


@dataclass(frozen=True)
class InductionFacts:
    reason: str
    levels: tuple[str, ...]
    required_hours: Decimal
    results: dict[str, LevelResult]


@dataclass(frozen=True)
class CertificateFacts:
    kind: str
    kind_label: str
    number: str
    issued: datetime.date
    valid_until: datetime.date
    review_due: datetime.date
    reviewed: bool = False  # a passed review on or before review_due (after it, the next due is valid_until)
    revoked: bool = False

    def gap_on(self, day: datetime.date) -> Gap | None:
        """Why the certificate does not count on `day`, or None if it does (valid on its last day, Art. 1259)."""
        label = {"kind": self.kind_label, "number": self.number}
        if self.revoked:
            return Gap("certificate_revoked", label)
        if day < self.issued:
            return Gap("certificate_not_yet", {**label, "date": self.issued})
        if day > self.valid_until:
            return Gap("certificate_expired", {**label, "date": self.valid_until})
        if day > self.review_due and not self.reviewed:
            return Gap("certificate_review_overdue", {**label, "date": self.review_due})
        return None


@dataclass(frozen=True)
class RequirementFacts:
    label: str
    min_hours: Decimal
    period_months: int  # 0: once (hours ever)
    completions: tuple[tuple[datetime.date, Decimal], ...]  # passed, credited training (day, hours)
    grace_until: datetime.date | None = None  # not yet due before this day (a new hire's first refresher)

    def hours_on(self, day: datetime.date) -> Decimal:
        """Hours that still count on `day`: a completion counts until the same day `period_months` later (Civil
        Code Art. 202, the last day included), so training on 2025-03-20 still counts on 2026-03-20."""
        return sum(
            (hours for done, hours in self.completions if done <= day and self._counts_until(done) >= day), Decimal(0)
        )

    def _counts_until(self, done: datetime.date) -> datetime.date:
        return add_months(done, self.period_months) if self.period_months else datetime.date.max

    def gap_on(self, day: datetime.date) -> Gap | None:
        if self.grace_until and day <= self.grace_until:
            return None
        have = self.hours_on(day)
        if have >= self.min_hours:
            return None
        if not have:
            return Gap("requirement_missing", {"course": self.label})
        return Gap(
            "requirement_short",
            {"course": self.label, "have": have, "need": self.min_hours, "months": self.period_months},
        )


@dataclass(frozen=True)
class PersonFacts:
    induction: InductionFacts | None
    required_certificates: tuple[tuple[str, str], ...] = ()  # (kind, label) the post needs
    certificates: tuple[CertificateFacts, ...] = ()
    requirements: tuple[RequirementFacts, ...] = ()


@dataclass(frozen=True)
class Clearance:
    cleared: bool
    gaps: tuple[Gap, ...]
    due_soon: tuple[Gap, ...] = ()  # what will be a gap within DUE_SOON_DAYS without new training

    @property
    def reasons(self) -> list[str]:
        return [gap.message() for gap in self.gaps]


def induction_gaps(induction: InductionFacts | None) -> list[Gap]:
    if induction is None:
        return [Gap("no_induction")]
    gaps, previous_done, total = [], None, Decimal(0)
    ordered = [level for level in INDUCTION_LEVEL_ORDER if level in induction.levels]
    for level in ordered:
        label = InductionLevel(level).label
        result = induction.results.get(level)
        if result is None or not result.hours:
            gaps.append(Gap("level_missing", {"level": label}))
            continue
        total += result.hours
        if not result.passed:
            gaps.append(Gap("level_failed", {"level": label}))
            continue
        if previous_done and result.completed_on and result.completed_on < previous_done:
            gaps.append(Gap("level_order", {"level": label}))
        previous_done = result.completed_on or previous_done
    if total < induction.required_hours:
        gaps.append(Gap("hours_short", {"have": total, "need": induction.required_hours}))
    return gaps


def certificate_gaps(facts: PersonFacts, day: datetime.date) -> list[Gap]:
    gaps = []
    for kind, label in facts.required_certificates:
        held = [cert for cert in facts.certificates if cert.kind == kind]
        if not held:
            gaps.append(Gap("certificate_missing", {"kind": label}))
            continue
        reasons = [cert.gap_on(day) for cert in held]
        if all(reasons):
            gaps.append(max(reasons, key=_latest_date))  # the most recent certificate says why
    return gaps


def _latest_date(gap: Gap):
    return gap.params.get("date") or datetime.date.min


def gaps_on(facts: PersonFacts, day: datetime.date) -> list[Gap]:
    gaps = induction_gaps(facts.induction) + certificate_gaps(facts, day)
    gaps += [gap for requirement in facts.requirements if (gap := requirement.gap_on(day))]
    return gaps


def _subject(gap: Gap) -> str:
    """What a gap is about (a level, a certificate kind, a course), so a gap that only grows is not "new"."""
    params = gap.params
    return str(params.get("level") or params.get("kind") or params.get("course") or gap.code)


def judge(facts: PersonFacts, day: datetime.date) -> Clearance:
    """Cleared or not on `day`, with every gap named; `due_soon` lists what lapses within 30 days."""
    gaps = gaps_on(facts, day)
    later = gaps_on(facts, day + datetime.timedelta(days=DUE_SOON_DAYS))
    now = {_subject(gap) for gap in gaps}
    soon = tuple(gap for gap in later if _subject(gap) not in now)
    return Clearance(cleared=not gaps, gaps=tuple(gaps), due_soon=soon)

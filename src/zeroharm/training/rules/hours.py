"""National minimum training hours (学时), by industry class (docs/standards/training.md#hours).

Hours are 学时 exactly as recorded, never converted to clock hours (no national conversion was confirmed). A
site may raise any minimum on a requirement; these are the defaults the training matrix starts from.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from zeroharm.training.choices import (
    INDUCTION_LEVEL_ORDER,
    LEVEL_COURSE_KIND,
    CourseKind,
    InductionLevel,
    IndustryClass,
)

__all__ = [
    "induction_minimum",
    "refresher_minimum",
    "principal_minimum",
    "level_split",
    "RETRAINING_LEVELS",
    "FULL_LEVELS",
    "REVIEW_TRAINING_HOURS",
    "national_minimum",
]

# Order 3 Art. 13 (24 / 72) and 安委〔2012〕10号 (construction 32, refreshers 8 / 20 / 20).
_INDUCTION = {IndustryClass.GENERAL: 24, IndustryClass.HIGH_RISK: 72, IndustryClass.CONSTRUCTION: 32}
_REFRESHER = {IndustryClass.GENERAL: 8, IndustryClass.HIGH_RISK: 20, IndustryClass.CONSTRUCTION: 20}
# Principal persons and safety managers: initial / annual, general 32 / 12, high-risk 48 / 16. Construction is not
# one of Order 3's high-risk industries, so it takes the general figures.
_PRINCIPAL = {IndustryClass.HIGH_RISK: (48, 16)}
_PRINCIPAL_GENERAL = (32, 12)
# Order 30 Art. 23: ≥ 8 学时 of training before a special-operation certificate's review.
REVIEW_TRAINING_HOURS = Decimal(8)

FULL_LEVELS = INDUCTION_LEVEL_ORDER
# Order 3 Art. 17: a job change or a return after a long absence repeats the workshop and team levels only.
RETRAINING_LEVELS = (InductionLevel.WORKSHOP, InductionLevel.TEAM)


def induction_minimum(industry: str) -> Decimal:
    return Decimal(_INDUCTION[IndustryClass(industry)])


def refresher_minimum(industry: str) -> Decimal:
    return Decimal(_REFRESHER[IndustryClass(industry)])


def principal_minimum(industry: str) -> tuple[Decimal, Decimal]:
    """(initial, annual) hours for principal persons and safety managers."""
    initial, annual = _PRINCIPAL.get(IndustryClass(industry), _PRINCIPAL_GENERAL)
    return Decimal(initial), Decimal(annual)


def level_split(total: Decimal, levels=FULL_LEVELS) -> dict[str, Decimal]:
    """Planned hours per level: the total shared equally in whole 学时, the first levels taking any remainder
    (24 → 8/8/8, 72 → 24/24/24, 32 → 11/11/10). No national split exists; a site overrides it per induction."""
    whole = int(Decimal(total).to_integral_value(rounding=ROUND_HALF_UP))
    share, rest = divmod(whole, len(levels))
    return {level: Decimal(share + (1 if i < rest else 0)) for i, level in enumerate(levels)}


_LEVEL_OF_KIND = {kind: level for level, kind in LEVEL_COURSE_KIND.items()}


def national_minimum(kind: str, industry: str, *, period_months: int = 12) -> Decimal | None:
    """The national minimum hours for a kind of course in an industry class; None where the rules set none."""
    if kind == CourseKind.REFRESHER:
        return refresher_minimum(industry)
    if kind == CourseKind.PRINCIPAL:
        initial, annual = principal_minimum(industry)
        return initial if not period_months else annual
    if kind in _LEVEL_OF_KIND:  # one level of the induction: its share of the total
        return level_split(induction_minimum(industry))[_LEVEL_OF_KIND[kind]]
    if kind == CourseKind.RETRAINING:  # the workshop and team levels again (Order 3 Art. 17)
        split = level_split(induction_minimum(industry))
        return sum((split[level] for level in RETRAINING_LEVELS), Decimal(0))
    return None

"""An agreement's score from its targets' figures (issue 14, point 8), pure functions over the targets and their
actual values, so that the table of cases in the tests is the whole rule:

- a target is met when its figure meets its comparison (responsibility.services.strictness.meets); a figure that
  cannot be measured (a rate with nothing to rate) is neither met nor missed and its weight is left out;
- the weights are the targets' own, or all equal when none is set (an agreement's weights are all set or all empty);
- score = 100 × (weights of the targets met) ÷ (weights of the targets measured), one decimal, half up;
- a missed veto target makes the score 0 whatever else was met (一票否决);
- nothing measured: no score.

Units are ranked by the score that counts (the assessor's adjusted one when there is one), higher first; equal
scores share a rank (1, 2, 2, 4); an assessment without a score is not ranked."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from zeroharm.responsibility.services.strictness import meets

__all__ = ["Scored", "Score", "score", "ranks", "ONE_DECIMAL"]

ONE_DECIMAL = Decimal("0.1")
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Scored:
    target: object
    actual: Decimal | None
    met: bool | None
    weight: Decimal
    points: Decimal  # what the target adds to the score: its share of 100 when met, else 0


@dataclass(frozen=True)
class Score:
    value: Decimal | None
    vetoed: bool
    met_weight: Decimal
    measured_weight: Decimal
    results: list[Scored]


def _weights(targets) -> list[Decimal]:
    if all(t.weight is None for t in targets):
        return [Decimal(1)] * len(targets)
    return [Decimal(t.weight or 0) for t in targets]


def score(targets, actuals: list[Decimal | None]) -> Score:
    """The score of `targets` (with indicator, comparison, value, weight, veto) given their actual figures."""
    weights = _weights(targets)
    verdicts = [meets(t.comparison, actual, Decimal(t.value)) for t, actual in zip(targets, actuals, strict=True)]
    measured = sum((w for w, met in zip(weights, verdicts, strict=True) if met is not None), Decimal(0))
    met_weight = sum((w for w, met in zip(weights, verdicts, strict=True) if met), Decimal(0))
    vetoed = any(t.veto and met is False for t, met in zip(targets, verdicts, strict=True))
    results = [
        Scored(
            target=t,
            actual=actual,
            met=met,
            weight=w,
            points=(w * HUNDRED / measured).quantize(ONE_DECIMAL, ROUND_HALF_UP) if met and measured else Decimal(0),
        )
        for t, actual, met, w in zip(targets, actuals, verdicts, weights, strict=True)
    ]
    if not measured:
        value = None
    elif vetoed:
        value = Decimal(0).quantize(ONE_DECIMAL)
    else:
        value = (met_weight * HUNDRED / measured).quantize(ONE_DECIMAL, ROUND_HALF_UP)
    return Score(value=value, vetoed=vetoed, met_weight=met_weight, measured_weight=measured, results=results)


def ranks(scores: dict[int, Decimal | None]) -> dict[int, int | None]:
    """Competition ranking (1, 2, 2, 4) of the keys by score, higher first; a key without a score has no rank."""
    ranked = sorted((value for value in scores.values() if value is not None), reverse=True)
    first = {}
    for position, value in enumerate(ranked, start=1):
        first.setdefault(value, position)
    return {key: (first[value] if value is not None else None) for key, value in scores.items()}

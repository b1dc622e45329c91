"""Scores and colours, exactly as docs/standards/risk-assessment.md: D = L × E × C (LEC), R = L × S (LS),
L × C (5 × 5)."""

from __future__ import annotations

from decimal import Decimal

from zeroharm.risks.choices import LEC_C, LEC_E, LEC_L, LS_L, LS_S, MATRIX_C, MATRIX_L, Method, RiskColor

__all__ = ["DEFAULT_BANDS", "DEFAULT_CONTROL_LEVELS", "SCALES", "score", "color_for", "validate_factors"]

# (method, colour) → (lowest score, inclusive). Blue takes whatever is below yellow.
DEFAULT_BANDS = {
    # LEC: > 320 red, 160–320 orange, 70–159 yellow, below 70 blue (docs/standards/risk-assessment.md#lec-bands)
    (Method.LEC, RiskColor.RED): (Decimal("320"), False),
    (Method.LEC, RiskColor.ORANGE): (Decimal("160"), True),
    (Method.LEC, RiskColor.YELLOW): (Decimal("70"), True),
    (Method.LEC, RiskColor.BLUE): (Decimal("0"), True),
    # LS, variant A: 20–25 red, 9–16 orange, 4–8 yellow, 1–3 blue (docs/standards/risk-assessment.md#ls-bands)
    (Method.LS, RiskColor.RED): (Decimal("20"), True),
    (Method.LS, RiskColor.ORANGE): (Decimal("9"), True),
    (Method.LS, RiskColor.YELLOW): (Decimal("4"), True),
    (Method.LS, RiskColor.BLUE): (Decimal("0"), True),
    # 5 × 5: 20–25 extreme, 10–16 high, 5–9 medium, 1–4 low (docs/standards/risk-assessment.md#generic-5-x-5-matrix)
    (Method.MATRIX, RiskColor.RED): (Decimal("20"), True),
    (Method.MATRIX, RiskColor.ORANGE): (Decimal("10"), True),
    (Method.MATRIX, RiskColor.YELLOW): (Decimal("5"), True),
    (Method.MATRIX, RiskColor.BLUE): (Decimal("0"), True),
}
# colour → (the level that controls it, days between reviews)
DEFAULT_CONTROL_LEVELS = {
    RiskColor.RED: ("group", 30),
    RiskColor.ORANGE: ("branch", 90),
    RiskColor.YELLOW: ("workshop", 180),
    RiskColor.BLUE: ("team", 365),
}
# method → the scales of its factors: (likelihood, exposure or None, consequence)
SCALES = {
    Method.LEC: (LEC_L, LEC_E, LEC_C),
    Method.LS: (LS_L, None, LS_S),
    Method.MATRIX: (MATRIX_L, None, MATRIX_C),
}
ORDER = [RiskColor.RED, RiskColor.ORANGE, RiskColor.YELLOW, RiskColor.BLUE]


def validate_factors(method: str, likelihood: Decimal, exposure: Decimal | None, consequence: Decimal) -> dict:
    """Errors by factor name for values that are not on the method's scale (empty when all are)."""
    l_scale, e_scale, c_scale = SCALES[method]
    errors = {}
    if Decimal(likelihood) not in {v for v, _ in l_scale}:
        errors["likelihood"] = "not on the scale"
    if e_scale is None and exposure is not None:
        errors["exposure"] = "only LEC has an exposure factor"
    if e_scale is not None and (exposure is None or Decimal(exposure) not in {v for v, _ in e_scale}):
        errors["exposure"] = "not on the scale"
    if Decimal(consequence) not in {v for v, _ in c_scale}:
        errors["consequence"] = "not on the scale"
    return errors


def score(method: str, likelihood: Decimal, exposure: Decimal | None, consequence: Decimal) -> Decimal:
    value = Decimal(likelihood) * Decimal(consequence)
    if method == Method.LEC:
        value *= Decimal(exposure)
    return value.quantize(Decimal("0.01"))


def color_for(method: str, value: Decimal, bands: dict | None = None) -> str:
    """The colour of a score under `bands` ((method, colour) → (lowest, inclusive)); defaults if None."""
    bands = bands or DEFAULT_BANDS
    for color in ORDER[:-1]:
        lowest, inclusive = bands[(method, color)]
        if value > lowest or (inclusive and value == lowest):
            return color
    return RiskColor.BLUE

"""Risk vocabularies: methods, factor scales (docs/standards/risk-assessment.md), colours, the hierarchy of controls."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

__all__ = [
    "RiskColor",
    "COLOR_RANK",
    "Method",
    "Stage",
    "PointKind",
    "CauseCategory",
    "ControlType",
    "LEC_L",
    "LEC_E",
    "LEC_C",
    "LS_L",
    "LS_S",
    "MATRIX_L",
    "MATRIX_C",
]


class RiskColor(models.TextChoices):
    RED = "red", _("Red · major risk")
    ORANGE = "orange", _("Orange · larger risk")
    YELLOW = "yellow", _("Yellow · general risk")
    BLUE = "blue", _("Blue · low risk")


COLOR_RANK = {RiskColor.RED: 4, RiskColor.ORANGE: 3, RiskColor.YELLOW: 2, RiskColor.BLUE: 1}


class Method(models.TextChoices):
    LEC = "lec", _("LEC (D = L × E × C)")
    LS = "ls", _("LS matrix (R = L × S)")
    MATRIX = "matrix", _("5 × 5 matrix (likelihood × consequence)")


class Stage(models.TextChoices):
    INHERENT = "inherent", _("Inherent risk (before controls)")
    RESIDUAL = "residual", _("Residual risk (with controls)")


class PointKind(models.TextChoices):
    PLACE = "place", _("Place")
    EQUIPMENT = "equipment", _("Equipment or facility")
    ACTIVITY = "activity", _("Activity")
    JOB = "job", _("Job or post")


class CauseCategory(models.TextChoices):
    PEOPLE = "people", _("People")
    EQUIPMENT = "equipment", _("Equipment")
    ENVIRONMENT = "environment", _("Environment")
    MANAGEMENT = "management", _("Management")


class ControlType(models.TextChoices):
    """The hierarchy of controls, most effective first."""

    ELIMINATION = "elimination", _("Elimination")
    SUBSTITUTION = "substitution", _("Substitution")
    ENGINEERING = "engineering", _("Engineering controls")
    ADMINISTRATIVE = "administrative", _("Administrative controls")
    PPE = "ppe", _("Personal protective equipment")
    EMERGENCY = "emergency", _("Emergency measures")


def _scale(*pairs):
    return [(Decimal(value), label) for value, label in pairs]


# LEC factor scales (Graham–Kinney), docs/standards/risk-assessment.md#lec-factor-scales.
LEC_L = _scale(
    ("10", _("fully expected")),
    ("6", _("quite possible")),
    ("3", _("possible but unusual")),
    ("1", _("unlikely")),
    ("0.5", _("very unlikely but conceivable")),
    ("0.2", _("extremely unlikely")),
    ("0.1", _("practically impossible")),
)
LEC_E = _scale(
    ("10", _("continuous")),
    ("6", _("daily during working hours")),
    ("3", _("weekly or occasional")),
    ("2", _("monthly")),
    ("1", _("a few times a year")),
    ("0.5", _("very rare")),
)
LEC_C = _scale(
    ("100", _("catastrophe, many deaths")),
    ("40", _("disaster, several deaths")),
    ("15", _("very serious, one death")),
    ("7", _("serious injury")),
    ("3", _("disability")),
    ("1", _("needs first aid")),
)
# LS, docs/standards/risk-assessment.md#ls-matrix.
LS_L = _scale(
    ("5", _("no controls, or it happens often")),
    ("4", _("controls exist but are ineffective")),
    ("3", _("no protection or procedures not followed, or it happened before")),
    ("2", _("controls effective and monitored")),
    ("1", _("full effective controls")),
)
LS_S = _scale(
    ("5", _("death, or loss ≥ 1M CNY")),
    ("4", _("loss of work capacity, or ≥ 500k CNY")),
    ("3", _("amputation, fracture, chronic disease, or ≥ 10k CNY")),
    ("2", _("minor injury, < 10k CNY")),
    ("1", _("no injury")),
)
# Generic 5 × 5, docs/standards/risk-assessment.md#generic-5-x-5-matrix.
MATRIX_L = _scale(
    ("5", _("almost certain")),
    ("4", _("likely")),
    ("3", _("possible")),
    ("2", pgettext_lazy("5 x 5 matrix likelihood", "unlikely")),
    ("1", _("rare")),
)
MATRIX_C = _scale(
    ("5", _("catastrophic")), ("4", _("major")), ("3", _("moderate")), ("2", _("minor")), ("1", _("insignificant"))
)

"""A team's monthly scorecard and yearly star rating, computed from its records (STANDARDS §12.8: a 100-point score
with deductions, a veto for a serious injury, stars by thresholds; the weights and thresholds are data, each group
may set its own in teams.models.ScoringRules).

Pure: the facts in, the score out with one line per term, each line saying how it was reckoned, so the page shows
the formula next to the figure. Reporting a hidden danger or finding a violation oneself never costs the team
points: they earn points, up to a cap (WAVE2_NOTES: reporting is never penalised)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

__all__ = ["DEFAULT_WEIGHTS", "DEFAULT_STARS", "Facts", "Line", "Score", "score", "weights_with", "stars_for", "yearly"]

DEFAULT_WEIGHTS: dict[str, int] = {
    "missed_briefing": 2,  # − per briefing day without a briefing held
    "late_briefing": 1,  # − per briefing held late
    "attendance": 20,  # − × the share of the roster not signed in (excused left out)
    "questions": 10,  # − × the share of rule-of-the-day answers that were wrong
    "missed_activity": 5,  # − per planned safety activity not held
    "hazard_found": 1,  # + per hidden danger the team reported …
    "hazard_found_cap": 5,  # … up to this many points
    "hazard_late": 2,  # − per hidden danger of the team rectified after its deadline
    "near_miss": 1,  # + per near miss the team reported …
    "near_miss_cap": 3,  # … up to this many points
    "violation": 5,  # − per verified violation found by others
    "own_finding": 1,  # + per violation the team's own monitor found …
    "own_finding_cap": 5,  # … up to this many points
    "injury": 10,  # − per minor injury (轻伤)
    "veto_serious": 1,  # 1: a serious injury or a death (重伤、死亡) makes the month 0; 0: it costs `injury` only
    "uncleared": 20,  # − × the share of members not cleared to work at the month's end
}
DEFAULT_STARS = (60, 70, 80, 90, 95)  # the lowest yearly score for 1 … 5 stars
FULL = Decimal(100)
ONE = Decimal("0.1")


@dataclass(frozen=True)
class Facts:
    """One team's month, counted from the records."""

    briefings_due: int = 0
    briefings_held: int = 0
    briefings_late: int = 0
    roster: int = 0  # attendances of held briefings, less the excused
    present: int = 0
    answers: int = 0
    right_answers: int = 0
    activities_planned: int = 0
    activities_held: int = 0
    hazards_found: int = 0
    hazards_late: int = 0
    near_misses: int = 0
    violations_by_others: int = 0
    own_findings: int = 0
    minor_injuries: int = 0
    serious_injuries: int = 0
    members: int = 0
    cleared: int = 0


@dataclass(frozen=True)
class Line:
    key: str
    label: str
    reckoning: str  # how the points were worked out, e.g. "3 × −2"
    points: Decimal


@dataclass(frozen=True)
class Score:
    total: Decimal
    vetoed: bool
    lines: list[Line] = field(default_factory=list)


def weights_with(overrides: dict | None) -> dict[str, int]:
    """The defaults with a group's own values (unknown keys ignored, negatives refused as zero)."""
    merged = dict(DEFAULT_WEIGHTS)
    for key, value in (overrides or {}).items():
        if key in merged and isinstance(value, int | float) and not isinstance(value, bool):
            merged[key] = max(0, int(value))
    return merged


def _share_missing(part: int, whole: int) -> Decimal:
    return Decimal(whole - part) / Decimal(whole) if whole else Decimal(0)


def _round(value: Decimal) -> Decimal:
    return value.quantize(ONE, rounding=ROUND_HALF_UP)


def _lines(f: Facts, w: dict[str, int]) -> list[Line]:
    missed = max(0, f.briefings_due - f.briefings_held)
    not_held = max(0, f.activities_planned - f.activities_held)
    found = min(f.hazards_found * w["hazard_found"], w["hazard_found_cap"])
    own = min(f.own_findings * w["own_finding"], w["own_finding_cap"])
    near = min(f.near_misses * w["near_miss"], w["near_miss_cap"])
    absent_share = _share_missing(f.present, f.roster)
    wrong_share = _share_missing(f.right_answers, f.answers)
    uncleared_share = _share_missing(f.cleared, f.members)
    return [
        Line(
            "missed_briefing",
            _("Briefings not held"),
            f"{missed} × −{w['missed_briefing']}",
            Decimal(-missed * w["missed_briefing"]),
        ),
        Line(
            "late_briefing",
            _("Briefings held late"),
            f"{f.briefings_late} × −{w['late_briefing']}",
            Decimal(-f.briefings_late * w["late_briefing"]),
        ),
        Line(
            "attendance",
            _("Attendance"),
            f"−{w['attendance']} × ({f.roster} − {f.present}) / {f.roster or 1}",
            -w["attendance"] * absent_share,
        ),
        Line(
            "questions",
            _("Rule-of-the-day answers"),
            f"−{w['questions']} × ({f.answers} − {f.right_answers}) / {f.answers or 1}",
            -w["questions"] * wrong_share,
        ),
        Line(
            "missed_activity",
            _("Safety activities not held"),
            f"{not_held} × −{w['missed_activity']}",
            Decimal(-not_held * w["missed_activity"]),
        ),
        Line(
            "hazard_found",
            _("Hidden dangers reported"),
            f"min({f.hazards_found} × {w['hazard_found']}, {w['hazard_found_cap']})",
            Decimal(found),
        ),
        Line(
            "hazard_late",
            _("Hidden dangers rectified late"),
            f"{f.hazards_late} × −{w['hazard_late']}",
            Decimal(-f.hazards_late * w["hazard_late"]),
        ),
        Line(
            "near_miss",
            _("Near misses reported"),
            f"min({f.near_misses} × {w['near_miss']}, {w['near_miss_cap']})",
            Decimal(near),
        ),
        Line(
            "violation",
            _("Violations found by others"),
            f"{f.violations_by_others} × −{w['violation']}",
            Decimal(-f.violations_by_others * w["violation"]),
        ),
        Line(
            "own_finding",
            _("Violations the team's monitor found"),
            f"min({f.own_findings} × {w['own_finding']}, {w['own_finding_cap']})",
            Decimal(own),
        ),
        Line(
            "injury",
            _("Injuries"),
            f"{f.minor_injuries + f.serious_injuries} × −{w['injury']}",
            Decimal(-(f.minor_injuries + f.serious_injuries) * w["injury"]),
        ),
        Line(
            "uncleared",
            _("Members not cleared to work"),
            f"−{w['uncleared']} × ({f.members} − {f.cleared}) / {f.members or 1}",
            -w["uncleared"] * uncleared_share,
        ),
    ]


def score(facts: Facts, weights: dict[str, int] | None = None) -> Score:
    """100 plus every line's points, between 0 and 100, to one decimal; 0 when a serious injury vetoes the month."""
    w = weights or DEFAULT_WEIGHTS
    lines = [Line(line.key, line.label, line.reckoning, _round(line.points)) for line in _lines(facts, w)]
    vetoed = bool(w["veto_serious"]) and facts.serious_injuries > 0
    total = Decimal(0) if vetoed else min(FULL, max(Decimal(0), FULL + sum(line.points for line in lines)))
    return Score(total=_round(total), vetoed=vetoed, lines=lines)


def stars_for(yearly_score: Decimal, vetoed: bool, thresholds=DEFAULT_STARS) -> int:
    """How many thresholds the yearly score reaches; none in a vetoed year."""
    if vetoed:
        return 0
    return sum(1 for threshold in thresholds if yearly_score >= Decimal(threshold))


def yearly(monthly: list[Score]) -> tuple[Decimal, bool]:
    """The mean of the months' scores, and whether any month was vetoed."""
    if not monthly:
        return Decimal(0), False
    mean = sum((s.total for s in monthly), Decimal(0)) / len(monthly)
    return _round(mean), any(s.vetoed for s in monthly)

"""Targets: whether a figure meets one (STANDARDS §13.7: 38/40 = 95.0 % meets "≥ 95 %", 37/40 = 92.5 % does not),
whether a template's targets are well formed, and whether a child agreement's targets are at least as strict as
its parent's (issue 14, point 4). Pure functions over (indicator, comparison, value, weight, veto) rows."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from zeroharm.core.indicators import indicator
from zeroharm.responsibility.choices import Comparison

__all__ = ["meets", "target_label", "target_problems", "strictness_violations"]

UPWARD = (Comparison.AT_LEAST, Comparison.ABOVE)  # the figure must be high
DOWNWARD = (Comparison.AT_MOST, Comparison.BELOW)  # the figure must be low


def meets(comparison: str, actual: Decimal | None, value: Decimal) -> bool | None:
    """None when the figure is undefined (nothing to rate): neither met nor missed."""
    if actual is None:
        return None
    return {
        Comparison.EQUAL: actual == value,
        Comparison.AT_MOST: actual <= value,
        Comparison.AT_LEAST: actual >= value,
        Comparison.BELOW: actual < value,
        Comparison.ABOVE: actual > value,
    }[Comparison(comparison)]


def target_label(target) -> str:
    found = indicator(target.indicator)
    label = str(found.label) if found else target.indicator
    return f"{label} {Comparison(target.comparison).label} {target.value.normalize():f}"


def target_problems(targets) -> list[str]:
    """A template's or a draft's targets: known indicators, each once, a percentage between 0 and 100, weights
    summing to 100 when any is set."""
    problems, seen = [], set()
    for target in targets:
        found = indicator(target.indicator)
        if found is None:
            problems.append(_("%(key)s is not an indicator the product computes.") % {"key": target.indicator})
        elif target.indicator in seen:
            problems.append(_("%(target)s: this indicator has two targets.") % {"target": target_label(target)})
        elif found.unit == "percent" and not 0 <= target.value <= 100:
            problems.append(_("%(target)s: a percentage is between 0 and 100.") % {"target": target_label(target)})
        seen.add(target.indicator)
    weights = [target.weight for target in targets if target.weight is not None]
    if weights and sum(weights) != 100:
        problems.append(
            _("The weights add up to %(sum)s: they must add up to 100, or leave every weight empty.")
            % {"sum": f"{sum(weights).normalize():f}"}
        )
    return problems


def _direction(target) -> str:
    """Which way the target pushes the figure: "=" counts as the indicator's better direction (fatalities = 0 is
    "no more than none")."""
    if target.comparison in UPWARD:
        return "up"
    if target.comparison in DOWNWARD:
        return "down"
    found = indicator(target.indicator)
    return "up" if found is not None and found.better == "higher" else "down"


def _at_least_as_strict(child, parent) -> bool:
    """Every figure that meets the child's target meets the parent's."""
    if _direction(child) != _direction(parent):
        return False
    up = _direction(parent) == "up"
    if child.value != parent.value:
        return child.value > parent.value if up else child.value < parent.value
    # The same value: a strict parent ("> v", "< v") wants a strict child; "≥ v", "≤ v" and "= v" are kept by any.
    if parent.comparison in (Comparison.ABOVE, Comparison.BELOW):
        return child.comparison == parent.comparison
    return True


def strictness_violations(parent_targets, child_targets) -> list[str]:
    """One message per parent target the child's do not keep: missing, weaker, or a veto dropped."""
    by_indicator = {target.indicator: target for target in child_targets}
    problems = []
    for parent in parent_targets:
        child = by_indicator.get(parent.indicator)
        named = {"target": target_label(parent)}
        if child is None:
            problems.append(_("%(target)s: the issuer's own agreement holds this target; keep it here.") % named)
            continue
        if not _at_least_as_strict(child, parent):
            problems.append(
                _("%(target)s: a target at least as strict as the issuer's is needed, not %(child)s.")
                % {**named, "child": target_label(child)}
            )
        if parent.veto and not child.veto:
            problems.append(_("%(target)s: a veto in the issuer's own agreement stays a veto.") % named)
    return problems

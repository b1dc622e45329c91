"""The indicator registry: figures the product already computes, named once so that other modules (responsibility
agreements' targets) can bind to them without knowing which app computes them.

Each owning app registers its indicators in its own `hooks.py`, computing them with the very selector its own page
shows the figure from: an agreement's target and the page a safety officer opens never disagree. Core knows no
domain table; `compute(unit, start, end)` returns the figure of the unit's whole subtree for the period (both days
included), or None when the figure is undefined for it (nothing to rate); `drill(unit, start, end)` is the address of
that page for the same subtree and period, where the records behind the figure are listed."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal

__all__ = [
    "measuring",
    "is_measuring",
    "remembered",
    "Indicator",
    "UNITS",
    "BETTER",
    "KINDS",
    "register_indicator",
    "indicator",
    "indicators",
    "indicator_choices",
]

UNITS = ("count", "percent", "rate")
BETTER = ("lower", "higher")
# leading: what is done to prevent (briefings held, hidden dangers rectified on time); lagging: the harm that happened
KINDS = ("leading", "lagging")

Compute = Callable[[object, datetime.date, datetime.date], Decimal | None]
Drill = Callable[[object, datetime.date, datetime.date], str]


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    unit: str  # "count", "percent" or "rate"
    better: str  # "lower" or "higher": which way a figure improves
    compute: Compute
    drill: Drill | None = None
    kind: str = "lagging"  # "leading" or "lagging"

    def records_url(self, unit, start: datetime.date, end: datetime.date) -> str:
        return self.drill(unit, start, end) if self.drill is not None else ""


_indicators: dict[str, Indicator] = {}


def register_indicator(
    key: str,
    label: str,
    unit: str,
    better: str,
    compute: Compute,
    drill: Drill | None = None,
    *,
    kind: str = "lagging",
) -> Indicator:
    """Register (or, on a module reload, replace) one indicator; a wrong unit, direction or kind is a programming
    error."""
    if unit not in UNITS:
        raise ValueError(f"indicator {key}: unit must be one of {UNITS}")
    if better not in BETTER:
        raise ValueError(f"indicator {key}: better must be one of {BETTER}")
    if kind not in KINDS:
        raise ValueError(f"indicator {key}: kind must be one of {KINDS}")
    _indicators[key] = Indicator(
        key=key, label=label, unit=unit, better=better, compute=compute, drill=drill, kind=kind
    )
    return _indicators[key]


def indicator(key: str) -> Indicator | None:
    return _indicators.get(key)


def indicators() -> list[Indicator]:
    return sorted(_indicators.values(), key=lambda item: item.key)


def indicator_choices() -> list[tuple[str, str]]:
    """For a form's choice list: (key, label), by key."""
    return [(item.key, item.label) for item in indicators()]


# Measuring many units at once (an assessment of the whole tree): within `measuring()`, an indicator may compute a
# figure for every unit in one go and keep it (`remembered`), instead of once per unit; outside it, nothing is kept.
_memo: ContextVar[dict | None] = ContextVar("zeroharm_indicator_memo", default=None)


@contextmanager
def measuring() -> Iterator[None]:
    if _memo.get() is not None:
        yield
        return
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def is_measuring() -> bool:
    return _memo.get() is not None


def remembered(key: tuple, compute: Callable[[], object]):
    """`compute()`, once per `key` within `measuring()`; every time outside it."""
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]

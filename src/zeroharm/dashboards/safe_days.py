"""The safe-days counters: days since the last lost-time injury and since the last fatality, per unit subtree.

A counter alone is criticised for discouraging reporting (a team that reports a near miss fears it "spoils the
record"). So it is shown with its written reset rule (RESET_RULE) beside the leading indicators, only injuries
reset it, and every reset is kept in a log with the incident behind it (ResetLogView).

The rule, in the GB 6441 classes the incidents module computes for each person involved (incidents.selectors):
- a lost-time injury — someone lost at least one workday: a minor (轻伤), serious (重伤) or fatal injury — resets
  the lost-time counter of the incident's unit and of every unit above it;
- a fatality resets both counters;
- a first-aid case, a near miss, property damage or a hidden danger resets nothing; nor does an incident of a
  sibling unit (another branch's injury resets the group's counter, not this branch's);
- an archived incident (recorded by mistake) is no reset; an imported past incident is one, at its date.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from zeroharm.core.roles import Action
from zeroharm.core.scoping import user_scope
from zeroharm.incidents import selectors as incidents
from zeroharm.org import selectors as org

__all__ = ["RESET_RULE", "Counter", "counters", "days_since", "counter_units", "MAX_COUNTERS"]

RESET_RULE = (
    _("A lost-time injury (someone loses at least one workday: a minor, serious or fatal injury) resets the counter"),
    _("A fatality resets both counters"),
    _("A first-aid case, a near miss, property damage or a hidden danger resets nothing — report them all"),
    _("An incident resets the counters of its own unit and of the units above it, not those of other branches"),
)
MAX_COUNTERS = 4  # a user with roles over many separate subtrees sees the first few (a constant number of queries)


@dataclass(frozen=True)
class Counter:
    unit: object
    lost_time: object  # the latest lost-time injury (an Incident) or None
    fatal: object  # the latest fatality or None
    lost_time_days: int | None  # None: none on record
    fatal_days: int | None
    log_url: str  # the log of resets of this subtree ("" when the user may not open it)
    links: bool  # whether the user may open the incidents themselves


def days_since(moment: datetime.datetime | None, today: datetime.date) -> int | None:
    """Whole days from the local date of `moment` to `today`: 0 on the day of the injury."""
    return None if moment is None else (today - timezone.localdate(moment)).days


def counter_units(user) -> tuple[list, bool, bool]:
    """The units whose counters the user sees, and whether they may open the incidents behind them: the tops of
    their incident scope; for a role that reaches only its own reports (an employee), their units in the tree —
    a unit's counter is no secret (it hangs at the gate), its incidents are. Third: the units are the whole tree
    (no unit filter needed)."""
    scope = user_scope(user, "safety", Action.VIEW)
    if scope.unrestricted or scope.paths:
        units = org.units_at(scope.paths, unrestricted=scope.unrestricted)
        return units[:MAX_COUNTERS], True, scope.unrestricted and len(units) == 1
    return org.scope_roots(user)[:MAX_COUNTERS], False, False


def counters(user, today: datetime.date) -> list[Counter]:
    """Each counter of the user's scope: two queries per top unit (usually one)."""
    units, links, whole_tree = counter_units(user)
    found = []
    for unit in units:
        last = incidents.last_resets([unit.path], whole_tree=whole_tree)
        log_url = f"{reverse('dashboards:resets')}?{urlencode({'unit': unit.pk})}" if links else ""
        found.append(
            Counter(
                unit=unit,
                lost_time=last["lost_time"],
                fatal=last["fatal"],
                lost_time_days=days_since(last["lost_time"] and last["lost_time"].occurred_at, today),
                fatal_days=days_since(last["fatal"] and last["fatal"].occurred_at, today),
                log_url=log_url,
                links=links,
            )
        )
    return found

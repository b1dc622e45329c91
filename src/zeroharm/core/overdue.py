"""What is overdue under a unit, across domains: each app names, in its hooks.py, which of its dated tallies
(core.tallies) counts late work and the list page that shows it; a page that answers "what is overdue in this
subtree" (the first leader's view) reads them all here, without knowing the apps, one SUM each."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps

from zeroharm.core.tallies import Figure, subtree_counts

__all__ = ["Overdue", "OverdueCount", "register_overdue", "overdue_in"]


@dataclass(frozen=True)
class Overdue:
    key: str
    label: str
    model: str  # "app_label.Model" with a dated tally
    tally: str  # the tally's name; its days before today are late
    list_url: Callable[[object, datetime.date], str]  # the list of those records under a unit, today


@dataclass(frozen=True)
class OverdueCount:
    kind: Overdue
    count: int
    url: str


_registered: dict[str, Overdue] = {}


def register_overdue(
    key: str, label: str, model: str, tally: str, list_url: Callable[[object, datetime.date], str]
) -> None:
    _registered[key] = Overdue(key, label, model, tally, list_url)


def overdue_in(unit, today: datetime.date) -> list[OverdueCount]:
    """Each registered kind of late work in the unit's subtree (whoever asks: the unit's own figure), by key."""
    found = []
    for key in sorted(_registered):
        kind = _registered[key]
        count = subtree_counts(apps.get_model(kind.model), Figure(kind.tally, before=today), [unit])[unit.pk]
        found.append(OverdueCount(kind, count, kind.list_url(unit, today)))
    return found

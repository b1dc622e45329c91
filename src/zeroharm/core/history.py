"""Readable history of a record: who, when, and which fields went from what to what.

The whole history, never cut: `history_entries` reads it a slice at a time, so the record's page
(`history_page`, newest first with older/newer links) and the API (its standard pagination) page through it.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db import models

__all__ = [
    "Change",
    "HistoryEntry",
    "HistoryEntries",
    "history_entries",
    "history_page",
    "history_managers_built_once",
    "HISTORY_PAGE_SIZE",
]

HISTORY_PAGE_SIZE = 25  # entries per page on a record's page; the API pages by its own page size

HIDDEN_FIELDS = {"version", "updated_at", "created_at", "path", "depth", "numchild", "password", "last_login"}


@dataclass
class Change:
    field: str
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    at: object
    user: str
    kind: str  # "+" created, "~" changed, "-" deleted
    changes: list[Change] = field(default_factory=list)
    reason: str = ""  # the step that made the change (a gettext_noop key, translated when shown)

    @property
    def kind_label(self) -> str:
        from django.utils.translation import gettext as _

        return {"+": _("created"), "~": _("changed"), "-": _("deleted")}[self.kind]


def _display(model, name: str, value, related: dict) -> str:
    if value is None or value == "":
        return "—"
    try:
        model_field = model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - a field removed since the history row was written
        return str(value)
    if model_field.is_relation and model_field.many_to_one:
        obj = related.get((model_field.related_model, value))
        return str(obj) if obj is not None else f"#{value}"
    if getattr(model_field, "choices", None):
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        from django.utils.translation import gettext as _

        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        from django.utils import timezone

        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if timezone.is_aware(value) else str(value)
    return str(value)


def _user_related() -> list[str]:
    """The acting user and what their name is shown with (the user model's `display_related`)."""
    from django.contrib.auth import get_user_model

    return ["history_user", *(f"history_user__{r}" for r in getattr(get_user_model(), "display_related", ()))]


def _fk_values(model, records) -> dict:
    """Load every foreign-key target named in these history rows, one query per related model."""
    wanted: dict[type[models.Model], set] = {}
    for f in model._meta.concrete_fields:
        if f.is_relation and f.many_to_one and f.name not in HIDDEN_FIELDS:
            ids = {getattr(r, f.attname) for r in records} - {None}
            if ids:
                wanted.setdefault(f.related_model, set()).update(ids)
    related = {}
    for rel_model, ids in wanted.items():
        rows = rel_model._base_manager.select_related(*getattr(rel_model, "display_related", ()))
        for pk, obj in rows.in_bulk(ids).items():
            related[(rel_model, pk)] = obj
    return related


def _changes(model, record, previous, related) -> list[Change]:
    """Field by field, every tracked field (not only editable ones: workflow fields such as a state or a
    deadline are set by services, not forms, and are exactly what a history must show)."""
    changes = []
    # A model names fields its readers must not see change (a quiz's right answer, a code's secret, a signed copy):
    # `history_hidden`. They stay in the history table for an administrator.
    hidden = HIDDEN_FIELDS | set(getattr(model, "history_hidden", ()))
    for f in sorted(record.tracked_fields, key=lambda f: f.name):
        if f.name in hidden:
            continue
        old, new = getattr(previous, f.attname), getattr(record, f.attname)
        if old != new:
            label = str(model._meta.get_field(f.name).verbose_name)
            changes.append(
                Change(f.name, label, _display(model, f.name, old, related), _display(model, f.name, new, related))
            )
    return changes


def _entry(model, record, previous, related) -> HistoryEntry:
    entry = HistoryEntry(
        at=record.history_date,
        user=str(record.history_user) if record.history_user else "—",
        kind=record.history_type,
        reason=getattr(record, "history_change_reason", "") or "",
    )
    if previous is not None and record.history_type == "~":
        entry.changes = _changes(model, record, previous, related)
    return entry


class HistoryEntries(Sequence):
    """A record's whole history, newest first, read a slice at a time (Django's and DRF's paginators page it).

    A slice reads its rows and the next older one: each change is the difference to the row before it."""

    def __init__(self, obj: models.Model):
        self.model = type(obj)
        manager = getattr(obj, "history", None)
        self.records = (
            None
            if manager is None
            else manager.select_related(*_user_related()).order_by("-history_date", "-history_id")
        )
        self._count: int | None = None

    def count(self) -> int:
        if self._count is None:
            self._count = 0 if self.records is None else self.records.count()
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop, _step = index.indices(len(self))  # paginators slice with step 1
            return self._entries(start, stop)
        position = index + len(self) if index < 0 else index
        if not 0 <= position < len(self):
            raise IndexError(index)
        return self._entries(position, position + 1)[0]

    def __iter__(self):
        return iter(self[:])

    def _entries(self, start: int, stop: int) -> list[HistoryEntry]:
        if self.records is None or start >= stop:
            return []
        rows = list(self.records[start : stop + 1])
        related = _fk_values(self.model, rows)
        return [
            _entry(self.model, row, rows[i + 1] if i + 1 < len(rows) else None, related)
            for i, row in enumerate(rows[: stop - start])
        ]


def history_entries(obj: models.Model) -> HistoryEntries:
    """The record's whole history, newest first; slice it (or page it) to read part of it."""
    return HistoryEntries(obj)


def history_page(obj: models.Model, number) -> Page:
    """One page of the record's history for its page; `number` as it came in the query string (missing, not a
    number or too high: the nearest page)."""
    return Paginator(history_entries(obj), HISTORY_PAGE_SIZE).get_page(number)


def history_managers_built_once() -> None:
    """simple-history's `record.history` builds a new manager class (Manager.from_queryset, which inspects every
    queryset method) at each read, and it reads it for every history row it writes: a quarter of the cost of a
    row. The class depends only on the descriptor's manager and queryset classes, so build each pair once."""
    from functools import cache

    from simple_history.manager import HistoryDescriptor

    @cache
    def manager_class(manager, queryset):
        return manager.from_queryset(queryset)

    def get(descriptor, instance, owner):
        return manager_class(descriptor.manager_class, descriptor.queryset_class)(descriptor.model, instance)

    HistoryDescriptor.__get__ = get

"""Generic writes shared by every domain app: create, update with optimistic locking, archive, delete.

Each runs in one transaction, leaves a history row naming the acting user, and re-checks after
writing that the record is still inside the user's scope, so nobody can move a record into a
subtree they cannot reach (NetBox ObjectEditView.post).
"""

from __future__ import annotations

import datetime
import json
import uuid
from contextlib import ExitStack
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Model, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from zeroharm.core.compiled import history_row_insert, step_update
from zeroharm.core.registry import write_guards
from zeroharm.core.roles import Action
from zeroharm.core.scoping import can

__all__ = [
    "records_step_save",
    "ConcurrentEditError",
    "record_create",
    "record_update",
    "record_archive",
    "record_delete",
    "record_lock",
    "record_step_save",
    "record_step_update",
    "record_clean",
]


class ConcurrentEditError(Exception):
    """Someone else saved the record after this editor loaded it."""

    def __init__(self, instance: Model, expected: int):
        self.instance = instance
        self.expected = expected
        super().__init__(
            _(
                "Someone else changed this record while you were editing it (your copy: version %(mine)s, "
                "saved: version %(theirs)s). Nothing was saved: reload the page to see their change, "
                "then make yours again."
            )
            % {"mine": expected, "theirs": instance.version}
        )


def _attach_user(instance: Model, acting_user) -> None:
    # simple-history reads `_history_user` when present; set it so API calls and commands
    # (which have no request in the history middleware) still record who acted.
    instance._history_user = acting_user


def _ensure_in_scope(instance: Model, acting_user, action: str) -> None:
    if not can(acting_user, action, instance):
        raise PermissionDenied(_("You may not %(action)s this record in that unit.") % {"action": Action(action).label})


def _guarded(model: type[Model]) -> ExitStack:
    """The write guards apps registered for this model (core.registry.register_write_guard), entered together."""
    stack = ExitStack()
    for guard in write_guards.get(model._meta.label, ()):
        stack.enter_context(guard())
    return stack


@transaction.atomic
def record_create(*, model: type[Model], data: dict[str, Any], acting_user, m2m: dict | None = None) -> Model:
    instance = model(**data)
    record_clean(instance)
    _attach_user(instance, acting_user)
    with _guarded(model):
        instance.save()
        for name, values in (m2m or {}).items():
            getattr(instance, name).set(values)
    _ensure_in_scope(instance, acting_user, Action.ADD)
    return instance


@transaction.atomic
def record_update(
    *, instance: Model, data: dict[str, Any], acting_user, expected_version: int | None, m2m: dict | None = None
) -> Model:
    """Apply `data` to `instance` unless someone saved it since `expected_version` was loaded."""
    model = type(instance)
    current = model._default_manager.select_for_update().get(pk=instance.pk)
    if expected_version is None:
        raise ValidationError({"version": _("The version of the record you edited is required.")})
    if current.version != expected_version:
        raise ConcurrentEditError(current, expected_version)
    for name, value in data.items():
        setattr(current, name, value)
    record_clean(current)
    current.version += 1
    _attach_user(current, acting_user)
    with _guarded(model):
        current.save()
        for name, values in (m2m or {}).items():
            getattr(current, name).set(values)
    _ensure_in_scope(current, acting_user, Action.CHANGE)
    return current


@transaction.atomic
def record_archive(*, instance: Model, acting_user, archived: bool = True) -> Model:
    model = type(instance)
    current = model._default_manager.select_for_update().get(pk=instance.pk)
    _ensure_in_scope(current, acting_user, Action.ARCHIVE)
    current.is_archived = archived
    current.version += 1
    _attach_user(current, acting_user)
    with _guarded(model):
        current.save(update_fields=["is_archived", "version", "updated_at"])
    return current


@transaction.atomic
def record_delete(*, instance: Model, acting_user) -> None:
    """Permanent delete, administrators only; simple-history keeps a '-' row naming who did it."""
    _ensure_in_scope(instance, acting_user, Action.DELETE)
    _attach_user(instance, acting_user)
    with _guarded(type(instance)):
        instance.delete()


def record_lock(instance: Model, expected_version: int | None, *, related: tuple[str, ...] = ()) -> Model:
    """The current row, locked for the rest of the transaction (only the row itself: PostgreSQL refuses
    FOR UPDATE across outer joins); refused if someone saved it since `expected_version` was read. It keeps the
    values it read (`_stored_values`), so the step checks (record_clean), writes (record_step_save) and scopes
    (core.scoping.can) from what it changed."""
    model = type(instance)
    current = model._default_manager.select_for_update(of=("self",)).select_related(*related).get(pk=instance.pk)
    if expected_version is not None and current.version != expected_version:
        raise ConcurrentEditError(current, expected_version)
    current._stored_values = {}
    _remember_stored(current, [f.name for f in model._meta.concrete_fields])
    return current


def record_step_save(
    instance: Model, acting_user, reason: str, *, update_fields: list[str] | None = None, clean: bool = False
) -> Model:
    """Save one step of a workflow: a new version, and a history row naming the user (None: the system) and
    the step (`reason`, a gettext_noop key shown translated). `clean`: record_clean, what the step changed. On a
    record read by record_lock, the UPDATE writes the fields the step changed."""
    instance.version += 1
    if clean:
        record_clean(instance)
    _attach_user(instance, acting_user)
    instance._change_reason = reason
    fields = update_fields or _changed(instance)
    instance.save(update_fields=[*fields, "version", "updated_at"] if fields is not None else None)
    _remember_stored(instance, fields)
    return instance


def record_step_update(instance: Model, fields: list[str], acting_user, reason: str, *, where: Q | None = None) -> bool:
    """record_step_save without a locked read: one UPDATE of `fields` that holds only while the row is still at the
    version `instance` was read with (and matches `where`, on the row's own columns: a join would be checked in a
    subquery, which PostgreSQL does not check again after a concurrent write), then its history row. False, and
    nothing written, when the row changed since or `where` does not hold: the caller reads it again. Two at once
    write one: the second waits for the first's row lock and then finds a newer version.

    Both statements are written once per model, fields and `where` (core.compiled): this is the shift-start sign-in's
    write, 200 a second. So `where` should be a constant kept by the caller, not built with the row's values."""
    model = type(instance)
    now = timezone.now()
    attnames = [model._meta.get_field(f).attname for f in fields]
    with transaction.atomic():
        if not step_update(instance, attnames, where, now):
            return False
        instance.version += 1
        instance.updated_at = now
        _attach_user(instance, acting_user)
        instance._change_reason = reason
        history_row_insert(instance, user=acting_user, reason=reason, when=now)
    return True


#
# What a service checks
#

# Values compared with what record_lock read (a list or a file could change in place, so those are always checked).
_COMPARABLE = (str, int, float, Decimal, datetime.date, datetime.time, datetime.timedelta, uuid.UUID, type(None))


def records_step_save(instances: list[Model], fields: list[str], acting_user, reason: str) -> None:
    """record_step_save for many rows of one model at once (a roll call, a session closed, an archive's
    inductions): one UPDATE per distinct set of values — a room has a few: present, late, absent — and the history
    rows of all in one insert. Django's bulk_update writes a CASE per row and field: at a room's size, dozens of
    times the work. Each row's version goes up by one, as a step's does."""
    if not instances:
        return
    model = type(instances[0])
    now = timezone.now()
    attnames = [model._meta.get_field(f).attname for f in fields]
    groups: dict[tuple, list[Model]] = {}
    for instance in instances:
        instance.version += 1
        instance.updated_at = now
        _attach_user(instance, acting_user)  # a row that took an earlier step still carries that step's user
        instance._change_reason = reason  # and reason, which the history rows would take over the defaults
        groups.setdefault(tuple(_group_key(getattr(instance, name)) for name in attnames), []).append(instance)
    for rows in groups.values():
        changes = {name: getattr(rows[0], name) for name in attnames}
        for start in range(0, len(rows), 500):  # within the bound values a statement may hold on every database
            chunk = [row.pk for row in rows[start : start + 500]]
            model._default_manager.filter(pk__in=chunk).update(
                **changes, version=models.F("version") + 1, updated_at=now
            )
    model.history.bulk_history_create(
        instances, update=True, default_user=acting_user, default_change_reason=reason, default_date=now
    )


def _group_key(value):
    """A value as a key of the rows that get it: a JSON field's dict or list by its canonical text."""
    return json.dumps(value, sort_keys=True, default=str) if isinstance(value, dict | list) else value


def record_clean(instance: Model, *, exclude: tuple[str, ...] = ()) -> None:
    """full_clean, less what cannot have changed since it was checked: on a record read by record_lock, the values
    still as read (checked when they were written; the row holds them); and whether a reference the service holds
    as a row read from the database exists. Either costs a query per reference and per constraint for nothing. A
    constraint that reads anything else is checked whole."""
    instance.full_clean(exclude={*exclude, *_settled(instance)})


def _settled(instance: Model) -> set[str]:
    fields = instance._meta.concrete_fields
    stored = getattr(instance, "_stored_values", {})
    unchanged = {f.name for f in fields if f.attname in stored and stored[f.attname] == getattr(instance, f.attname)}
    held = {f.name for f in fields if f.many_to_one and f.is_cached(instance) and _is_row(f.get_cached_value(instance))}
    settled = unchanged | held
    for group in _constraint_fields(type(instance)):
        if group is None:
            return set()
        if not group <= unchanged:
            settled -= group  # a constraint is skipped only when all it reads is as stored
    return settled


def _changed(instance: Model) -> list[str] | None:
    """The fields that differ from the row record_lock read (those it could not compare included), so a step's
    UPDATE writes what it changed (the history row still copies the whole record); None: not read by record_lock."""
    stored = getattr(instance, "_stored_values", None)
    if stored is None:
        return None
    return [
        f.name
        for f in instance._meta.concrete_fields
        if not f.primary_key and (f.attname not in stored or stored[f.attname] != getattr(instance, f.attname))
    ]


def _remember_stored(instance: Model, names: list[str] | None) -> None:
    """After reading or writing these fields: the values the row now holds, where they can be compared later."""
    stored = getattr(instance, "_stored_values", None)
    if stored is None or names is None:
        return
    written = {*names, "version", "updated_at"}
    for f in instance._meta.concrete_fields:
        if f.name in written or f.attname in written:
            value = getattr(instance, f.attname)
            if isinstance(value, _COMPARABLE):
                stored[f.attname] = value
            else:
                stored.pop(f.attname, None)


def _is_row(obj) -> bool:
    return obj is not None and obj.pk is not None and not obj._state.adding


def _constraint_fields(model: type[Model]) -> list[set[str] | None]:
    """The fields each constraint of `model` reads (None: it cannot be told, so it reads every field)."""
    groups: list[set[str] | None] = [set(names) for names in model._meta.unique_together]
    for constraint in model._meta.constraints:
        if getattr(constraint, "expressions", ()):
            groups.append(None)
            continue
        names = set(getattr(constraint, "fields", ()))
        condition = getattr(constraint, "condition", None)
        groups.append(names | Q(condition).referenced_base_fields if condition is not None else names or None)
    return groups

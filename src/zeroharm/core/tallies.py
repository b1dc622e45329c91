"""Counts per unit, kept in step with the records, so a figure over a scope costs its units, not its records.

The home page counts a scope's open hidden dangers, overdue actions, incidents to investigate, active people…
Counted from the records, a group administrator's figures cost 0.7–8 s at 1,000,000 hidden dangers (issue 11,
point 18). A *tally* is one such count per unit: `register_tally("hazards.HiddenDanger", "reported",
Q(state="reported", is_archived=False))` in an app's hooks.py. `core.models.UnitTally` holds one row per unit, tally
and day; a figure over a scope is then one SUM over the scope's units (`tally_counts`), whatever the number of
records.

Computed, not typed: whenever a tallied record is saved or deleted, the tallies of its unit (and of the unit it
left) are counted again from that unit's records, in the write's transaction (signals, as for the cache: a write
that bypasses them — bulk inserts, queryset updates — calls `recount(model, units)` itself). Counting a unit
again costs that unit's records, a few, and needs no memory of what the record was before.

Dated tallies (`day_field="deadline"`) count per day of that date, so "past its deadline" is the sum of the days
before today: the figure turns with the date without any write. Days more than `KEEP_DAYS` back are folded into
one row (day `NO_DAY`, which also holds undated tallies) when a unit is counted and by the worker's scan, so a unit
keeps a row per day only for the recent past and the future; a figure may ask back to `KEEP_DAYS` days
(`since=`).
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from enum import Enum
from functools import reduce
from itertools import islice
from operator import or_

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.db.models import Count, IntegerField, Q, Sum
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import timezone

from zeroharm.core.cache import bump
from zeroharm.core.scoping import is_whole_tree, path_q, subtree_unit_ids, user_scope

__all__ = [
    "NO_DAY",
    "KEEP_DAYS",
    "Tally",
    "Figure",
    "register_tally",
    "tallies_of",
    "recount",
    "deferred",
    "rebuild",
    "build_missing",
    "fold",
    "tally_counts",
    "subtree_counts",
]

NO_DAY = datetime.date(1, 1, 1)  # the day of an undated tally, and of a dated tally's days folded together
KEEP_DAYS = 62  # a dated tally keeps its days apart this far back: figures ask at most this far (`since`)
CHUNK = 500  # units per query when many are counted at once
_LOCK_CLASS = 7_411_001  # PostgreSQL advisory locks on (this, unit id): one unit's tallies counted at a time


@dataclass(frozen=True)
class Tally:
    model: str  # "app.Model"; its scope_unit_field must be a direct foreign key to the unit ("unit")
    name: str
    condition: Q  # the records it counts: the same Q the list's filter applies
    day_field: str = ""  # counted per day of this date field (e.g. a deadline)

    @property
    def key(self) -> str:
        """Named after what it counts too: a tally whose condition changes is a new tally, counted at the next
        migrate (`build_missing`), and the old one's rows are dropped there."""
        spelled = repr((_plain(self.condition), self.day_field))
        return f"{self.model}:{self.name}:{hashlib.sha1(spelled.encode(), usedforsecurity=False).hexdigest()[:8]}"


def _plain(value):
    """A condition spelled in plain values (a choice's value, not its enum member, whose repr may change between
    Python versions), so that its key is the same in every process."""
    if isinstance(value, Q):
        return (value.connector, value.negated, [_plain(child) for child in value.children])
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(item) for item in value]
    return value


@dataclass(frozen=True)
class Figure:
    """What `tally_counts` sums: a tally, and for a dated one the days (`since` ≤ day < `before`)."""

    name: str
    since: datetime.date | None = None
    before: datetime.date | None = None


_tallies: dict[str, list[Tally]] = {}  # model label → its tallies
Counts = dict[tuple[int, str, datetime.date], int]  # (unit, tally key, day): n
_pending: ContextVar[dict | None] = ContextVar("zeroharm_tallies", default=None)  # deferred(): {label: {unit: day}}


def _unit_attname(model) -> str:
    field = getattr(model, "scope_unit_field", None)
    if not field or "__" in field:
        raise ImproperlyConfigured(f"{model.__name__}: a tally needs a direct unit field (scope_unit_field)")
    return model._meta.get_field(field).attname


def register_tally(model: str, name: str, condition: Q, *, day_field: str = "") -> Tally:
    """Count `model`'s records matching `condition` per unit (and per day of `day_field`); from an app's hooks.py."""
    tally = Tally(model, name, condition, day_field)
    registered = _tallies.setdefault(model, [])
    registered[:] = [t for t in registered if t.name != name] + [tally]
    uid = f"zeroharm.tallies:{model}"
    pre_save.connect(_remember_unit, sender=model, weak=False, dispatch_uid=f"{uid}:pre")
    post_save.connect(_on_save, sender=model, weak=False, dispatch_uid=f"{uid}:save")
    post_delete.connect(_on_delete, sender=model, weak=False, dispatch_uid=f"{uid}:delete")
    return tally


def tallies_of(model) -> list[Tally]:
    return _tallies.get(model._meta.label, [])


#
# Keeping them
#


def _remember_unit(sender, instance, **kwargs) -> None:
    """The unit the record is in before this save: if it moves, the unit it leaves is counted again too. A record
    read by core.services.record_lock knows it (`_stored_values`, on which the step's UPDATE relies too)."""
    if instance._state.adding or instance.pk is None:
        return
    attname = _unit_attname(sender)
    if attname in (stored := getattr(instance, "_stored_values", {})):
        instance._tally_unit_before = stored[attname]
        return
    instance._tally_unit_before = sender._base_manager.filter(pk=instance.pk).values_list(attname, flat=True).first()


def _on_save(sender, instance, **kwargs) -> None:
    before = instance.__dict__.pop("_tally_unit_before", None)
    recount(sender, {getattr(instance, _unit_attname(sender)), before})


def _on_delete(sender, instance, **kwargs) -> None:
    recount(sender, {getattr(instance, _unit_attname(sender))})


def _chunks(values: list, size: int = CHUNK) -> Iterable[list]:
    it = iter(values)
    while chunk := list(islice(it, size)):
        yield chunk


def _lock(unit_ids: list[int]) -> None:
    """Two writers counting one unit again at the same time would each miss the other's record (and collide on
    its rows): on PostgreSQL they take turns, until the write commits (SQLite has a single writer anyway). The
    units of one recount are taken in id order, so two bulk writers cannot each hold what the other waits for."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for unit_id in unit_ids:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_LOCK_CLASS, unit_id % 2**31])


def _day(value, cutoff: datetime.date) -> datetime.date:
    return NO_DAY if value is None or value < cutoff else value


def _counted(model, tallies: list[Tally], unit_ids: list[int] | None, today: datetime.date | None = None) -> Counts:
    """{(unit, key, day): n} counted from the records, of these units (None: every unit), as on `today` (days
    before KEEP_DAYS folded): the undated tallies in one query (a count per tally), each dated one in its own."""
    records = model._base_manager.order_by()
    if unit_ids is not None:
        records = records.filter(**{f"{_unit_attname(model)}__in": unit_ids})
    undated = [t for t in tallies if not t.day_field]
    counts = _undated_counts(model, records, undated) if undated else {}
    cutoff = (today or timezone.localdate()) - datetime.timedelta(days=KEEP_DAYS)
    for tally in tallies:
        if tally.day_field:  # a record without the date is never "before" or "since" a day
            dated = records.filter(tally.condition, **{f"{tally.day_field}__isnull": False})
            columns = (_unit_attname(model), tally.day_field)
            for unit_id, day, n in dated.values(*columns).annotate(n=Count("pk")).values_list(*columns, "n"):
                key = (unit_id, tally.key, _day(day, cutoff))
                counts[key] = counts.get(key, 0) + n
    return counts


def _undated_counts(model, records, tallies: list[Tally]) -> Counts:
    attname = _unit_attname(model)
    names = {f"t{i}": tally for i, tally in enumerate(tallies)}
    rows = (
        records.filter(reduce(or_, (t.condition for t in tallies)))
        .values(attname)
        .annotate(**{name: Count("pk", filter=tally.condition) for name, tally in names.items()})
    )
    return {(row[attname], tally.key, NO_DAY): row[name] for row in rows for name, tally in names.items()}


def _replace(tallies: list[Tally], unit_ids: list[int] | None, counts: dict) -> None:
    unit_tally = apps.get_model("core", "UnitTally")
    rows = unit_tally.objects.filter(key__in=[t.key for t in tallies])
    if unit_ids is not None:
        rows = rows.filter(unit_id__in=unit_ids)
    rows.delete()
    unit_tally.objects.bulk_create(
        [unit_tally(unit_id=u, key=k, day=d, n=n) for (u, k, d), n in counts.items() if n], batch_size=1000
    )


def recount(model, unit_ids: Iterable[int | None]) -> None:
    """Count `model`'s tallies of these units again from their records, in the current transaction, and let the
    cached figures go (core.cache). Every write that bypasses the model's signals calls it with the units it
    touched (bulk inserts and updates). Inside `deferred()` the units are noted, to be counted when it ends."""
    tallies = tallies_of(model)
    units = sorted({u for u in unit_ids if u is not None})
    if not tallies or not units:
        return
    if (pending := _pending.get()) is not None:
        pending.setdefault(model._meta.label, {}).update(dict.fromkeys(units, timezone.localdate()))
        return
    _count(model, tallies, units)


def _count(model, tallies: list[Tally], units: list[int], today: datetime.date | None = None) -> None:
    with transaction.atomic(savepoint=False):  # within the write's transaction, no savepoint of its own
        for chunk in _chunks(units):
            _lock(chunk)
            _replace(tallies, chunk, _counted(model, tallies, chunk, today))
    bump()


@contextmanager
def deferred():
    """Count the units written inside the block once, when it ends, instead of at each write (the demo: thousands
    of writes in one transaction). Each as on the day of its last write, so the rows are those counting at every
    write leaves; a read of the tallies inside counts what is pending first; a failed block counts nothing."""
    token = _pending.set({})
    try:
        yield
        _count_pending()
    finally:
        _pending.reset(token)


def _count_pending() -> None:
    """Count the units `deferred()` noted, those last written on one day together, as on that day."""
    while pending := _pending.get():
        label, units = pending.popitem()
        model = apps.get_model(label)
        for day in sorted(set(units.values())):
            _count(model, tallies_of(model), sorted(u for u, d in units.items() if d == day), day)


@transaction.atomic
def rebuild(model=None) -> int:
    """Count every tally (of `model`, or of every model) again for every unit: after a migration that adds a
    tally, after a bulk build, or to repair. Returns the rows written."""
    labels = [model._meta.label] if model is not None else list(_tallies)
    if connection.vendor == "postgresql":  # writers counting a unit meanwhile wait for the whole lot (see _lock)
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {apps.get_model('core', 'UnitTally')._meta.db_table} IN EXCLUSIVE MODE")
    written = 0
    for label in labels:
        tallied = apps.get_model(label)
        counts = _counted(tallied, _tallies[label], None)
        _replace(_tallies[label], None, counts)
        written += sum(1 for n in counts.values() if n)
    bump()
    return written


def build_missing(**kwargs) -> None:
    """After every migrate (core.apps): count the tallies that have no rows yet — new ones, ones whose condition
    changed, all of them on a database made before tallies — and drop the rows of tallies no longer registered.
    A tally that is rightly empty is counted again each time, which costs what finding no record costs."""
    unit_tally = apps.get_model("core", "UnitTally")
    tables = set(connection.introspection.table_names())
    if unit_tally._meta.db_table not in tables:
        return  # core's migrations are not applied yet (migrating one app at a time)
    keys = {t.key for tallies in _tallies.values() for t in tallies}
    unit_tally.objects.exclude(key__in=keys).delete()
    present = set(unit_tally.objects.order_by().values_list("key", flat=True).distinct())
    for label, tallies in _tallies.items():
        model = apps.get_model(label)
        if model._meta.db_table in tables and any(t.key not in present for t in tallies):
            rebuild(model)


def fold(today: datetime.date | None = None) -> int:
    """Fold the days of dated tallies older than KEEP_DAYS into their units' NO_DAY rows, by counting those units
    again (the worker's scan, core/hooks.py): a unit then keeps one row per tally for the long past. Returns the
    units counted."""
    unit_tally = apps.get_model("core", "UnitTally")
    cutoff = (today or timezone.localdate()) - datetime.timedelta(days=KEEP_DAYS)
    old = unit_tally.objects.filter(day__gt=NO_DAY, day__lt=cutoff)
    done = 0
    for label, tallies in _tallies.items():
        keys = [t.key for t in tallies if t.day_field]
        units = list(old.filter(key__in=keys).values_list("unit_id", flat=True).distinct()) if keys else []
        recount(apps.get_model(label), units)
        done += len(units)
    return done


#
# Reading them
#


def _sums(rows, tallies: dict[str, Tally], figures: dict[str, Figure], among: dict[str, Q] | None = None):
    """{name: SUM(n)} of each figure's rows (and, per name in `among`, only of the rows matching that Q).

    The figures' conditions are also the WHERE, so the index is read for each key's days only: a deadline's
    future days are most of its rows, and a figure of past days reads none of them."""
    conditions = {}
    for name, figure in figures.items():
        condition = Q(key=tallies[figure.name].key) & (among or {}).get(name, Q())
        if figure.since is not None:
            condition &= Q(day__gte=figure.since)
        if figure.before is not None:
            condition &= Q(day__lt=figure.before)
        conditions[name] = condition
    aggregates = {
        name: Coalesce(Sum("n", filter=condition), 0, output_field=IntegerField())
        for name, condition in conditions.items()
    }
    return rows.filter(reduce(or_, conditions.values())).aggregate(**aggregates)


def _own_counts(user, model, action, scope, tallies, figures: dict[str, Figure]) -> dict[str, int]:
    """Records a role reaches as their owner's (not by unit): counted from the records, which are the user's
    own and few, leaving out those already in the scope's units."""
    attname = _unit_attname(model)
    units = apps.get_model("org", "OrgUnit").objects.filter(path_q(scope.paths)).values("pk")
    own = model._default_manager.visible_to(user, action).exclude(**{f"{attname}__in": units})
    aggregates = {}
    for name, figure in figures.items():
        tally = tallies[figure.name]
        condition = tally.condition & (Q(**{f"{tally.day_field}__isnull": False}) if tally.day_field else Q())
        if figure.since is not None:
            condition &= Q(**{f"{tally.day_field}__gte": figure.since})
        if figure.before is not None:
            condition &= Q(**{f"{tally.day_field}__lt": figure.before})
        aggregates[name] = Count("pk", filter=condition)
    return own.aggregate(**aggregates)


def _check(model, tallies: dict[str, Tally], figures: dict[str, Figure]) -> None:
    cutoff = timezone.localdate() - datetime.timedelta(days=KEEP_DAYS)
    for figure in figures.values():
        if figure.name not in tallies:
            raise ImproperlyConfigured(f"{model._meta.label} has no tally named {figure.name!r}")
        if any(day is not None and day < cutoff for day in (figure.since, figure.before)):
            raise ValueError(f"a tally keeps its days apart for the last {KEEP_DAYS} days only")


def tally_counts(user, model, action: str, figures: dict[str, Figure]) -> dict[str, int]:
    """{name: count} of `model`'s records the user reaches for `action` (core.scoping) that each figure's tally
    counts: one SUM over the scope's units, plus, for a role that reaches its own records only, those records."""
    _count_pending()
    tallies = {t.name: t for t in tallies_of(model)}
    _check(model, tallies, figures)
    scope = user_scope(user, model.scope_area, action)
    result = dict.fromkeys(figures, 0)
    if scope.paths or scope.unrestricted:
        rows = apps.get_model("core", "UnitTally").objects.all()
        if not scope.unrestricted:
            units = apps.get_model("org", "OrgUnit").objects.filter(path_q(scope.paths)).values("pk")
            rows = rows.filter(unit_id__in=units)
        result = _sums(rows, tallies, figures)
    if scope.own and not scope.unrestricted:
        own = _own_counts(user, model, action, scope, tallies, figures)
        result = {name: result[name] + own[name] for name in figures}
    return result


def subtree_counts(model, figure: Figure, units: list) -> dict[int, int]:
    """{unit pk: count} of one figure over each unit's subtree, whoever asks (one query for the lot)."""
    _count_pending()
    tallies = {t.name: t for t in tallies_of(model)}
    _check(model, tallies, {"": figure})
    if not units:
        return {}
    # The whole tree needs no unit filter (an IN of every unit costs and filters nothing).
    inside = {
        f"u{unit.pk}": Q() if is_whole_tree(unit.path) else Q(unit_id__in=subtree_unit_ids(unit.path)) for unit in units
    }
    sums = _sums(apps.get_model("core", "UnitTally").objects.all(), tallies, dict.fromkeys(inside, figure), inside)
    return {unit.pk: sums[f"u{unit.pk}"] for unit in units}

"""Queries the ORM compiles once per process and database, then runs again with other ids: `CompiledQuery`.

Building a query and compiling it to SQL is most of what a small ORM read costs: a login with its person, unit and
post costs about 0.8 ms, of it well under a tenth in the database. At the shift-start peak (200 sign-ins a second on
2 cores, issue 13) the same few reads run thousands of times with only their ids changed, so their SQL is kept: the
queryset is built and compiled once with a marker id in each place an id goes, and each run puts the ids in those
places, executes the same statement and turns its rows into instances as Django's own model iterable does (its
converters, its populators for the joined rows). Built for ids only, where the value reaches the statement as given.

The same holds for the write of a workflow step without a locked read (core.services.record_step_update): its
conditional UPDATE and its history row are written once per model and fields (`step_update`, `history_row_insert`).
Together they took the sign-in from 5.2 to 3.1 ms of CPU in-process (benchmarks/README.md, "Compiled once")."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import connections, router
from django.db.models import Model, Q, QuerySet
from django.db.models.query import get_related_populators

__all__ = ["CompiledQuery", "history_row_insert", "step_update"]

# Ids no table holds, each told apart from the other parameters by its value.
_MARKERS = tuple(-(10**15) - n for n in range(8))


@dataclass(frozen=True)
class _Plan:
    sql: str
    params: tuple
    slots: tuple[int, ...]  # where each id goes in params
    compiler: object
    converters: dict
    populators: list
    init_list: list[str]
    columns: slice


class CompiledQuery:
    """`build(*ids)` returns a queryset of instances (select_related allowed; no values(), no prefetch, no
    annotations); `first(*ids)` runs its compiled SQL with those ids and returns the first instance or None, equal
    field for field and relation for relation to `build(*ids).first()` without its ordering."""

    def __init__(self, build: Callable[..., QuerySet], ids: int):
        if not 0 < ids <= len(_MARKERS):
            raise ValueError(f"A compiled query takes 1 to {len(_MARKERS)} ids.")
        self.build, self.ids = build, ids
        self._plans: dict[str, _Plan] = {}  # by database alias: the SQL differs between backends

    def first(self, *ids: int) -> Model | None:
        if len(ids) != self.ids:
            raise TypeError(f"This query takes {self.ids} ids, not {len(ids)}.")
        alias = router.db_for_read(self._model())
        plan = self._plans.get(alias) or self._plan(alias)
        params = list(plan.params)
        for slot, value in zip(plan.slots, ids, strict=True):
            params[slot] = int(value)
        with connections[alias].cursor() as cursor:
            cursor.execute(plan.sql, params)
            row = cursor.fetchone()
        if row is None:
            return None
        if plan.converters:
            row = next(iter(plan.compiler.apply_converters([row], plan.converters)))
        klass = plan.compiler.klass_info["model"]
        instance = klass.from_db(alias, plan.init_list, row[plan.columns])
        for populator in plan.populators:
            populator.populate(row, instance)
        return instance

    def _model(self) -> type[Model]:
        model = getattr(self, "_model_class", None)
        if model is None:
            model = self._model_class = self.build(*_MARKERS[: self.ids]).model
        return model

    def _plan(self, alias: str) -> _Plan:
        queryset = self.build(*_MARKERS[: self.ids]).order_by()[:1]
        query = queryset.query
        if (
            query.annotations
            or queryset._prefetch_related_lookups
            or queryset._iterable_class.__name__ != "ModelIterable"
        ):
            raise ValueError("A compiled query reads instances: no annotations, values() or prefetch_related().")
        compiler = query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        slots = []
        for marker in _MARKERS[: self.ids]:
            found = [n for n, value in enumerate(params) if value == marker]
            if len(found) != 1:  # a lookup that changed the id, or used it twice: this query is not for compiling
                raise ValueError(f"Each id must reach the SQL once as given; found {len(found)} times.")
            slots.append(found[0])
        fields = [column for column, _sql, _alias in compiler.select[: compiler.col_count]]
        if compiler.has_composite_fields(fields):
            raise ValueError("A compiled query does not read composite keys.")
        selected = compiler.klass_info["select_fields"]
        columns = slice(selected[0], selected[-1] + 1)  # the main model's; the joined ones' are the populators'
        plan = _Plan(
            sql=sql,
            params=tuple(params),
            slots=tuple(slots),
            compiler=compiler,
            converters=compiler.get_converters(fields),
            populators=get_related_populators(compiler.klass_info, compiler.select, alias),
            init_list=[column.target.attname for column, _sql, _alias in compiler.select[columns]],
            columns=columns,
        )
        self._plans[alias] = plan
        return plan


#
# The writes of a workflow step without a locked read (core.services.record_step_update)
#


def step_update(instance: Model, attnames: list[str], where: Q | None, now: datetime.datetime) -> int:
    """UPDATE `attnames` of the instance's row to its values, its version up by one and updated_at `now`, while the
    row is at the instance's version and matches `where` (on the row's own columns, or a subquery); the rows
    changed (0 or 1). The statement is written once per model, fields and condition: `where` is compiled by the ORM
    the first time, so a condition kept as a constant (not one built with the row's values) is compiled once."""
    model = type(instance)
    alias = router.db_for_write(model)
    connection = connections[alias]
    sql, where_params = _update_sql(model, tuple(attnames), where, alias)
    meta = model._meta
    values = [meta.get_field(name).get_db_prep_save(getattr(instance, name), connection) for name in attnames]
    stamp = meta.get_field("updated_at").get_db_prep_save(now, connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*values, stamp, instance.pk, instance.version, *where_params])
        return cursor.rowcount


@functools.lru_cache(maxsize=256)
def _update_sql(model: type[Model], attnames: tuple[str, ...], where: Q | None, alias: str) -> tuple[str, tuple]:
    quote = connections[alias].ops.quote_name
    meta = model._meta
    table, version = quote(meta.db_table), quote(meta.get_field("version").column)
    sets = [f"{quote(meta.get_field(name).column)} = %s" for name in attnames]
    sets += [f"{version} = {version} + 1", f"{quote(meta.get_field('updated_at').column)} = %s"]
    # Names from the model's own meta, quoted; every value a parameter.
    sql = f"UPDATE {table} SET {', '.join(sets)} WHERE {table}.{quote(meta.pk.column)} = %s AND {table}.{version} = %s"  # noqa: S608
    if where is None:
        return sql, ()
    query = model._default_manager.filter(where).query  # its columns named by the table, as in the UPDATE
    condition, params = query.get_compiler(using=alias).compile(query.where)
    return f"{sql} AND ({condition})", tuple(params)


def history_row_insert(instance: Model, *, user, reason: str, when: datetime.datetime, kind: str = "~") -> None:
    """The instance's history row as simple-history's bulk_history_create writes it (every tracked field as it is
    now, who, why, when and the kind of change), with a statement written once per history model."""
    if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    history = type(instance).history.model
    alias = router.db_for_write(history)
    connection = connections[alias]
    sql, fields = _insert_sql(history, alias)
    extra = {
        "history_date": when,
        "history_change_reason": reason,
        "history_type": kind,
        "history_user_id": user.pk if user is not None else None,
        "history_relation_id": instance.pk,
    }
    params = [
        field.get_db_prep_save(
            extra[field.attname] if field.attname in extra else getattr(instance, field.attname), connection
        )
        for field in fields
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@functools.lru_cache(maxsize=256)
def _insert_sql(model: type[Model], alias: str) -> tuple[str, list]:
    quote = connections[alias].ops.quote_name
    fields = [field for field in model._meta.concrete_fields if field is not model._meta.auto_field]
    # Names from the model's own meta, quoted; every value a parameter.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        quote(model._meta.db_table), ", ".join(quote(f.column) for f in fields), ", ".join(["%s"] * len(fields))
    )
    return sql, fields

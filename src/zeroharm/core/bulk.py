"""Inserting tens of thousands of rows with their history rows in seconds: `insert_with_history`.

Django's bulk_create prepares every value of every row through its field (a datetime adapted, a JSON dumped) and
compiles an INSERT per batch; for a few thousand rows that is fine (simple_history's bulk_create_with_history), for a
hundred thousand it costs most of a minute. Here each field prepares each distinct value once and the rows go to the
database with one executemany per table, the history rows with the ids read back by the rows' natural key. Like any
bulk write it bypasses the model's signals and full_clean: the caller has checked the rows (a service's import)."""

from __future__ import annotations

import datetime

from django.db import connection

__all__ = ["insert_with_history"]

CHUNK = 500  # ids read back per query


def insert_with_history(
    model, rows: list[dict], *, key: tuple[str, ...], user, reason: str, when: datetime.datetime
) -> dict[tuple, int]:
    """INSERT `rows` (field attname → value; created_at and updated_at given, a callable default is called once)
    into the model's table and one "+" history row each, by `user` for `reason` at `when`. `key`: the attnames that
    name one row (a unique set, the first one filtered on), by which the new ids are read back: {key values: id}."""
    if not rows:
        return {}
    _insert(model, rows)
    ids = _ids(model, rows, key)
    history = model.history.model
    extra = {"history_date": when, "history_change_reason": reason, "history_type": "+", "history_user_id": user.pk}
    _insert(history, [{**row, "id": ids[tuple(row[k] for k in key)], **extra} for row in rows])
    return ids


def _insert(model, rows: list[dict]) -> None:
    fields = [f for f in model._meta.concrete_fields if f is not model._meta.auto_field]
    quote = connection.ops.quote_name
    # Names from the model's own meta, quoted; every value a parameter.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        quote(model._meta.db_table), ", ".join(quote(f.column) for f in fields), ", ".join(["%s"] * len(fields))
    )
    prepared = [_Prepared(f) for f in fields]
    params = [[p(row) for p in prepared] for row in rows]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


class _Prepared:
    """One field's database value of a row, each distinct value prepared once (a roster's rows share most)."""

    def __init__(self, field):
        self.field, self.name, self.cache = field, field.attname, {}
        self.default = field.get_default()

    def __call__(self, row: dict):
        value = row.get(self.name, self.default)
        try:
            return self.cache[value]
        except KeyError:
            prepared = self.cache[value] = self.field.get_db_prep_save(value, connection)
            return prepared
        except TypeError:  # unhashable (a JSON dict or list)
            return self.field.get_db_prep_save(value, connection)


def _ids(model, rows: list[dict], key: tuple[str, ...]) -> dict[tuple, int]:
    """The inserted rows' ids: the rows sharing their first key value read back, those of the rows given kept."""
    wanted = {tuple(row[k] for k in key) for row in rows}
    first = sorted({row[key[0]] for row in rows})
    found: dict[tuple, int] = {}
    for n in range(0, len(first), CHUNK):
        chosen = model._base_manager.filter(**{f"{key[0]}__in": first[n : n + CHUNK]}).values_list("id", *key)
        found.update((values, pk) for pk, *rest in chosen if (values := tuple(rest)) in wanted)
    return found

"""THE roll-up by child unit: a unit's figures, one row per child unit (its whole subtree), and the unit's own.

Every "per child unit" table of the product — headcounts on the tree, risk colours on the map, inspection
compliance, hidden-danger statistics, injury rates, control charts — is the same three steps:

1. group the records by the child they fall in: the first `len(unit.path) + steplen` characters of the path of
   the record's unit name that child (`grouped_by_child`, one GROUP BY; or, for tables of millions of rows that
   already have a per-unit covering index, `folded_by_child`: group per unit first, then fold the groups by
   the unit's path prefix in the database);
2. list the unit's children in tree order (`children_of`), an archived child only while it holds figures;
3. the records of the unit itself fall in no child: they are the group keyed by the unit's own path.

The groups are keyed by path (a string), so a caller turns each row into its own figures (counts, colours,
rates) and `roll_up` puts them on the children.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.db import connection
from django.db.models import QuerySet
from django.db.models.functions import Substr

from zeroharm.core.roles import Action
from zeroharm.core.scoping import subtree_q

__all__ = [
    "child_length",
    "ancestors_with_child",
    "grouped_by_child",
    "folded_by_child",
    "children_of",
    "RollUp",
    "roll_up",
]


def child_length(unit) -> int:
    """How many characters of a path name the child of `unit` it lies in."""
    return len(unit.path) + unit.steplen


def ancestors_with_child(path: str, steplen: int, depth: int) -> list[tuple[str, str]]:
    """For a record's unit path: each ancestor down to `depth` levels (the unit itself included), with the child of
    that ancestor the record falls in (its own path when the record is the ancestor's own) — step 1 above, for
    a writer that folds records onto many units at once."""
    levels = range(1, min(depth, len(path) // steplen) + 1)
    return [(path[: level * steplen], path[: level * steplen + steplen]) for level in levels]


def grouped_by_child(
    records: QuerySet, unit, aggregates: dict, *, unit_field: str = "unit", keys: Sequence[str] = ()
) -> list[dict]:
    """One GROUP BY of `records` (already limited to the unit's subtree) by child and `keys`: rows with `child`
    (the child's path, or the unit's own), the keys and the aggregates."""
    prefix = Substr(f"{unit_field}__path", 1, child_length(unit))
    return list(records.annotate(child=prefix).values("child", *keys).order_by().annotate(**aggregates))


def folded_by_child(per_unit: QuerySet, unit, keys: Sequence[str], sums: Sequence[str]) -> list[dict]:
    """Fold groups per unit (`per_unit` = records.values("unit_id", *keys).annotate(*sums)) into groups per child, in
    the database: one join per group, not per row, which keeps a million-row table on its covering index.

    Raw SQL around the ORM's own compiled query, because the ORM cannot aggregate over an aggregate; only quoted
    identifiers are formatted in, every value stays a parameter; it groups by column number, as Django does, since with
    server-side binding the child's expression in GROUP BY would be another parameter than the one selected. Sums come
    back as ints, or Decimals where the database gives fractions (SQLite: float, PostgreSQL: Decimal, normalised here).
    """
    inner_sql, params = per_unit.query.sql_with_params()
    qn = connection.ops.quote_name
    child = f"SUBSTR(u.{qn('path')}, 1, %s)"
    key_sql = "".join(f", g.{qn(k)}" for k in keys)
    sum_sql = "".join(f", SUM(g.{qn(s)}) AS {qn(s)}" for s in sums)
    units = f"{qn(apps.get_model('org', 'OrgUnit')._meta.db_table)} u ON u.{qn('id')} = g.{qn('unit_id')}"
    sql = (
        f"SELECT {child} AS child{key_sql}{sum_sql} FROM ({inner_sql}) g INNER JOIN {units} "  # noqa: S608
        f"GROUP BY {', '.join(str(n) for n in range(1, len(keys) + 2))}"
    )
    length = child_length(unit)
    with connection.cursor() as cursor:
        cursor.execute(sql, [length, *params])
        columns = [c[0] for c in cursor.description]
        rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    for row in rows:
        for name in sums:
            row[name] = _number(row[name])
    return rows


def _number(value):
    if value is None:
        return 0
    if isinstance(value, float) or (isinstance(value, Decimal) and value != value.to_integral_value()):
        return Decimal(str(value))
    return int(value)


def children_of(unit, user=None) -> list:
    """The unit's children in tree order: those `user` may see, or all of them (user None, when the caller's
    records are already scoped and an archived child's records still count)."""
    org_unit = apps.get_model("org", "OrgUnit")
    units = org_unit.objects.visible_to(user, Action.VIEW) if user is not None else org_unit.objects.all()
    return list(units.filter(subtree_q(unit.path), depth=unit.depth + 1).order_by("path"))


@dataclass
class RollUp:
    """The children (each carrying its figures as `figures_attr`), the unit's own figures (None: it holds no
    records itself) and the total of every group."""

    children: list = field(default_factory=list)
    own: object = None
    total: object = None


def roll_up(
    unit,
    children: Iterable,
    figures: dict[str, object],
    *,
    empty: Callable[[], object],
    total: Callable[[Iterable], object] | None = None,
    figures_attr: str = "figures",
    is_empty: Callable[[object], bool] | None = None,
) -> RollUp:
    """Put each child's figures on it (`empty()` when it has none) and keep an archived child only while it has
    some; the unit's own figures and the total of all groups (by `total`, default: sum from `empty()`)."""
    listed = []
    for child in children:
        has = child.path in figures and not (is_empty and is_empty(figures[child.path]))
        setattr(child, figures_attr, figures.get(child.path) if child.path in figures else empty())
        if not child.is_archived or has:
            listed.append(child)
    summed = total(figures.values()) if total else sum(figures.values(), empty())
    return RollUp(children=listed, own=figures.get(unit.path), total=summed)

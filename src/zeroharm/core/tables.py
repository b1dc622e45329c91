"""The base of every list table (django-tables2), with rows as cheap as their data.

django-tables2 works out, for every cell of every row, what it could work out once per table class: it inspects the
render method's signature (`inspect.signature`, 171 times for one page of hidden dangers), compiles a date column's
template, walks the model's fields to learn whether a value has choices, and rebuilds each column's HTML attributes.
Rows cost 1–2 ms apiece that way, most of a list page whose SQL takes 3 ms (issue 11, point 16).

`DomainTable` keeps the library — its columns, ordering, pagination, `core/table.html` and the export's
`as_values` — and gives it rows and columns that remember that work: the signatures per function, the templates per
text, the "has choices" per model and accessor, the attributes per column. What a cell shows is what the library
shows (tests/core/test_tables.py renders every main list both ways and compares); anything off the common path
(a record that is not a model instance, a callable on the way, a many-to-many column) is left to the library.

A page of rows is fetched ids first (`_page_records`): the page's ids in the list's order by a query that reads
only the filter and sort columns (often from an index alone), then those rows with their related rows by id. The
database then sorts narrow (sort key, id) pairs, not every matching row with its joins: the leader's hidden-danger
list sorted 20,000 full rows, 74 ms, against 0.9 ms for the ids (issue 11, point 17).
"""

from __future__ import annotations

from functools import cached_property, lru_cache

import django_tables2 as tables
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import QuerySet
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django_tables2.columns.base import BoundColumn, LinkTransform
from django_tables2.columns.datecolumn import DateColumn
from django_tables2.columns.datetimecolumn import DateTimeColumn
from django_tables2.columns.linkcolumn import BaseLinkColumn
from django_tables2.columns.manytomanycolumn import ManyToManyColumn
from django_tables2.columns.templatecolumn import TemplateColumn
from django_tables2.rows import BoundRow, BoundRows
from django_tables2.utils import A, Accessor, AttributeDict

from zeroharm.core import cells

__all__ = ["DomainTable", "ArchivedColumn", "SECONDARY"]

# Columns with these attributes are hidden on a phone (app.css) and shown from 768 px up.
SECONDARY = {"th": {"class": "secondary"}, "td": {"class": "secondary"}}


class ArchivedColumn(tables.BooleanColumn):
    def __init__(self, **kwargs):
        kwargs.setdefault("verbose_name", _("archived"))
        kwargs.setdefault("accessor", "is_archived")
        super().__init__(**kwargs)


#
# Columns and rows
#


class _CachedAttrs(AttributeDict):
    """A column's td/th attributes, rendered to HTML once."""

    @cached_property
    def html(self):
        return super().as_html()

    def as_html(self):
        return self.html


class _Column(BoundColumn):
    """A bound column whose attributes (when nothing in them is computed per cell) and header are worked out once."""

    @cached_property
    def header(self):
        return super().header

    @property
    def attrs(self):
        order_by = self._table.order_by  # the header's classes follow the ordering
        cached = self.__dict__.get("_attrs")
        if cached is not None and cached[0] is order_by:
            return cached[1]
        attrs = super().attrs
        if not self._computed:
            attrs = {**attrs, **{key: _CachedAttrs(attrs[key]) for key in ("th", "td", "tf")}}
            self.__dict__["_attrs"] = (order_by, attrs)
        return attrs

    @cached_property
    def _computed(self) -> bool:
        """Are any of the attributes computed per cell (callables)?"""
        merged = {**self._table.attrs, **self.column.attrs}
        return any(callable(v) for part in ("th", "td", "tf", "cell") for v in dict(merged.get(part, {})).values())

    @cached_property
    def _date_format(self) -> str | None:
        """The format of a date or date-time column left as the library made it (its template is then known)."""
        column = self.column
        if not isinstance(column, DateColumn | DateTimeColumn) or not column.template_code:
            return None
        match = cells.DATE_TEMPLATE.fullmatch(column.template_code)
        return match.group(1) if match else None

    @cached_property
    def _plain_link(self) -> bool:
        """Is this `linkify=True` with nothing else, a link to the record's (or the named attribute's) page?"""
        link, name = self.link, self.name
        return (
            isinstance(link, LinkTransform)
            and link.url is None
            and not link.attrs
            and not link.reverse_args
            and link.accessor is None
            and Accessor.SEPARATOR not in name
        )

    @cached_property
    def _plan(self):
        """(bits, last bit, library only?) of this column's accessor."""
        column = self.column
        bits = tuple(A(self.accessor).bits)
        library_only = (
            not bits
            or isinstance(column, ManyToManyColumn)
            or (isinstance(column, BaseLinkColumn) and column.text is not None)
        )
        return bits, library_only


class _Row(BoundRow):
    """A row whose cells take the columns' worked-out plans; the library's own path for anything unusual."""

    def _value(self, column: _Column):
        """(resolved, value): the cell's value as the library would find it, or resolved=False to leave it to it."""
        bits, library_only = column._plan
        record = self._record
        if library_only or not isinstance(record, models.Model):
            return False, None
        try:
            field = cells.choice_field(type(record), column.accessor)
            if field is not None:
                owner = cells.resolve(bits[:-1], record)
                if isinstance(owner, models.Model) and hasattr(owner, f"get_{bits[-1]}_display"):
                    return True, cells.display(field, getattr(owner, field.attname))
            return True, cells.resolve(bits, record)
        except cells.NotPlain:
            return False, None

    def _cell(self, column: _Column, *, value_only: bool = False):
        resolved, value = self._value(column)
        if not resolved:
            if value_only:
                return super().get_cell_value(column.name)
            return self._get_and_render_with(column, render_func=self._call_render, default=column.default)
        if value in column.column.empty_values:
            return None if value_only else column.default
        kwargs = {
            "value": value,
            "record": self._record,
            "column": column.column,
            "bound_column": column,
            "bound_row": self,
            "table": self._table,
        }
        if value_only:
            return cells.call(column.value, kwargs)
        if column.render == column.column.render and type(column.column).render is TemplateColumn.render:
            content = cells.render_template_column(column.column, kwargs, column._date_format)
        else:
            content = cells.call(column.render, kwargs)
        if not column.link:
            return content
        if column._plain_link:
            return cells.link(self._record, column.name, content, lambda: column.link(content, **kwargs))
        return column.link(content, **kwargs)

    def get_cell(self, name):
        return self._cell(self._table.columns[name])

    def get_cell_value(self, name):
        return self._cell(self._table.columns[name], value_only=True)

    def items(self):
        for column in self._table._visible_columns:
            column.current_value = self._cell(column)
            column.current_record = self._record
            yield column, column.current_value

    @property
    def attrs(self):
        if self._table.row_attrs:
            return super().attrs
        return AttributeDict({"class": self.get_even_odd_css_class()})


def _tie_broken(qs: QuerySet) -> QuerySet:
    """The list's ordering ended by the primary key (in the direction of its first term), so that a page is the
    same rows however the database breaks ties, and an index on the sort column (which ends in the row id) serves
    the whole ORDER BY."""
    ordering = list(qs.query.order_by or (qs.model._meta.ordering if qs.query.default_ordering else ()))
    names = [str(term).lstrip("-") for term in ordering]
    if not ordering or not all(isinstance(term, str) for term in ordering) or {"pk", "id"} & set(names):
        return qs
    return qs.order_by(*ordering, "-pk" if ordering[0].startswith("-") else "pk")


def _page_records(qs: QuerySet, key: slice, fields: tuple[str, ...] | None = None) -> list | None:
    """The records of one page, ids first (see the module's docstring), with only `fields` when given; None where
    that does not apply (a DISTINCT, a union, rows that are not model instances)."""
    query = qs.query
    if (
        query.distinct
        or query.combinator
        or qs._fields is not None
        or qs._iterable_class is not models.query.ModelIterable
    ):
        return None
    ids = list(_tie_broken(qs).values_list("pk", flat=True)[key])
    if not ids:
        return []
    rows = qs.filter(pk__in=ids).order_by()
    by_id = {record.pk: record for record in (rows if fields is None else _only(rows, fields))}
    return [by_id[pk] for pk in ids if pk in by_id]  # a row deleted in between is left out


def _only(qs: QuerySet, fields: tuple[str, ...]) -> QuerySet:
    """`qs.only(fields)`, keeping whole every related row it joins that `fields` do not name (Django refuses to
    join a relation whose fields are all deferred); `qs` as it is when it already defers fields or joins every
    relation (`select_related()` without names)."""
    select_related = qs.query.select_related
    if select_related is True or qs.query.deferred_loading != (frozenset(), True):
        return qs
    joined = list(_relation_paths(select_related or {}))
    named = [path for path in joined if not any(f == path or f.startswith(f"{path}__") for f in fields)]
    return qs.only(*fields, *named)


def _relation_paths(tree: dict, prefix: str = ""):
    """The paths of a select_related tree: {"a": {"b": {}}} → "a", "a__b"."""
    for name, children in tree.items():
        yield prefix + name
        yield from _relation_paths(children, f"{prefix}{name}__")


@lru_cache(maxsize=256)
def _field_path(model: type[models.Model], accessor: str) -> str | None:
    """The `.only()` path of an accessor: `unit__name` → "unit__name", `pk` → "id", `deadline__year` → "deadline",
    `owner` → "owner" (the related row whole); None for a property or a method (the table says what they read)."""
    path, current = [], model
    for bit in A(accessor).bits:
        try:
            field = current._meta.pk if bit == "pk" else current._meta.get_field(bit)
        except FieldDoesNotExist:
            return None
        if not field.concrete or field.many_to_many:
            return None
        path.append(field.name)
        if not field.is_relation:
            break  # what follows is an attribute of the value
        current = field.related_model
    return "__".join(path) or None


class _Rows(BoundRows):
    def __iter__(self):
        yield from self.generator_pinned_row(self.pinned_data.get("top"))
        for record in self.data:
            yield _Row(record, table=self.table)
        yield from self.generator_pinned_row(self.pinned_data.get("bottom"))

    def __getitem__(self, key):
        if isinstance(key, slice):
            queryset = getattr(self.data, "data", None)
            records = (
                _page_records(queryset, key, self.table.fetched_fields()) if isinstance(queryset, QuerySet) else None
            )
            return _Rows(
                data=self.data[key] if records is None else records, table=self.table, pinned_data=self.pinned_data
            )
        return _Row(record=self.data[key], table=self.table)


class DomainTable(tables.Table):
    """Base for list tables: the same columns feed the page and its csv/xlsx export; rows are cheap (above)."""

    # The record's fields the cells read besides the columns' accessors (render_* methods, properties, links other
    # than to the record's own page), or None when unknown. Said, a page fetches only those and the columns'
    # fields (`fetched_fields`): Django builds each record from a third of its values. A field left out is read
    # with a query per row; tests/core/test_tables.py renders every main list and counts them.
    cell_fields: tuple[str, ...] | None = None

    class Meta:
        # Sorting and paging links reload the results in place (htmx); links to records are plain navigation.
        attrs = {"class": "table", "tbody": {"hx-boost": "false"}}
        empty_text = _("Nothing matches these filters.")
        # The page size is read (and checked) by ObjectListView.get_table_pagination: django-tables2 would
        # otherwise take any number from `per_page` itself, and a negative one answers 500.
        per_page_field = "_per_page_unused"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The library makes its BoundColumn and BoundRows itself, with no hook for a subclass.
        for column in self.columns.columns.values():
            column.__class__ = _Column
        self.rows = _Rows(data=self.data, table=self, pinned_data=self.pinned_data)

    def fetched_fields(self) -> tuple[str, ...] | None:
        """The fields a page of this table fetches (`cell_fields` and every column's), or None for whole rows."""
        if self.cell_fields is None or not isinstance(self.data.data, QuerySet):
            return None
        model = self.data.data.model
        paths = (_field_path(model, column.accessor) for column in self.columns.columns.values())
        return (*self.cell_fields, *sorted({path for path in paths if path}))

    @cached_property
    def _visible_columns(self) -> list[_Column]:
        return list(self.columns)

    def rows_html(self) -> SafeString:
        """The page's rows as core/table.html showed them, written here: the template engine spent about 20 µs a
        cell resolving `row.items`, `column.attrs.td` and a header translated again for every cell."""
        columns = [
            (
                column,
                None
                if getattr(column, "_computed", True)
                else f'<td {column.attrs["td"].as_html()} data-label="{label}">',
                label,
            )
            for column in self._visible_columns
            for label in [cells.escape(column.header)]
        ]
        parts = []
        plain_rows = not self.row_attrs
        for row in self.paginated_rows:
            if plain_rows and isinstance(row, _Row):
                parts.append('<tr class="odd">' if row.row_counter % 2 else '<tr class="even">')
            else:
                parts.append(f"<tr {row.attrs.as_html()}>")
            for column, opening, label in columns:
                cell = row._cell(column) if isinstance(row, _Row) else row.get_cell(column.name)
                if opening is None:  # attributes computed per cell read the cell from the column
                    column.current_value, column.current_record = cell, row.record
                    opening = f'<td {column.attrs["td"].as_html()} data-label="{label}">'
                parts.append(f"{opening}{cells.shown(cell, column.localize)}</td>")
            parts.append("</tr>")
        return mark_safe("".join(parts))  # noqa: S308 - every cell and label went through cells.escape

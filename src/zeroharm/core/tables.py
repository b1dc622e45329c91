"""The base of every list table (django-tables2), with rows as cheap as their data.

django-tables2 works out, for every cell of every row, what it could work out once per table class: it inspects the
render method's signature (`inspect.signature`, 171 times for one page of hidden dangers), compiles a date column's
template, walks the model's fields to learn whether a value has choices, and rebuilds each column's HTML attributes.
Rows cost 1–2 ms apiece that way, most of a list page whose SQL takes 3 ms (issue 11, point 16).

`DomainTable` keeps the library — its columns, ordering, pagination, `core/table.html` and the export's
`as_values` — and gives it columns that work out once per page what a cell of theirs takes (`_Column._content`:
how to find the value or the choice's label, which render to call with which arguments, whether and where to link;
`core.cells` puts it together) and rows written in Python (`rows_html`). What a cell shows is what the library
shows (tests/core/test_tables.py renders every main list both ways and compares); anything off the common path
(a record of another class, a callable on the way, a many-to-many column) is left to the library.

A page of rows is fetched ids first, with only the fields its cells read (`core.paging`).
"""

from __future__ import annotations

from functools import cached_property

import django_tables2 as tables
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django_tables2.columns.base import BoundColumn, LinkTransform
from django_tables2.columns.datecolumn import DateColumn
from django_tables2.columns.datetimecolumn import DateTimeColumn
from django_tables2.columns.linkcolumn import BaseLinkColumn
from django_tables2.columns.manytomanycolumn import ManyToManyColumn
from django_tables2.rows import BoundRow, BoundRows
from django_tables2.utils import A, Accessor, AttributeDict

from zeroharm.core import cells, paging

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
    def _link_target(self) -> str | None:
        """For `linkify=True` with nothing else, the attribute of the record whose page the link opens (the record's
        own when that has none): the column's accessor or name, if it is one attribute; else None."""
        link = self.link
        if not isinstance(link, LinkTransform) or link.url is not None or link.attrs or link.reverse_args:
            return None
        target = self.name if link.accessor is None else str(link.accessor)
        return None if Accessor.SEPARATOR in target or Accessor.LEGACY_SEPARATOR in target else target

    @cached_property
    def _plan(self):
        """(bits, library only?) of this column's accessor."""
        column = self.column
        bits = tuple(A(self.accessor).bits)
        library_only = (
            not bits
            or isinstance(column, ManyToManyColumn)
            or (isinstance(column, BaseLinkColumn) and column.text is not None)
        )
        return bits, library_only

    @cached_property
    def _model(self) -> type[models.Model] | None:
        """The model of the records whose cells this column works out itself (None: the library does them all)."""
        bits, library_only = self._plan
        model = self._table.data.model
        return None if library_only or model is None else model

    @cached_property
    def _get(self):
        """record → the cell's value (cells.getter), for records of `_model`."""
        return cells.getter(self._model, self.accessor, self._plan[0])

    @cached_property
    def _content(self):
        """row → the cell as the library's BoundRow.get_cell gives it (value, default, render, link), put together
        once per page from what this column is; None when the library does every cell."""
        model = self._model
        if model is None:
            return None
        get, empty = self._get, self.column.empty_values
        render, link = cells.renderer(self, model, self._date_format), cells.linker(self, self._link_target)

        def content(row):
            record = row._record
            if type(record) is not model:
                raise cells.NotPlain
            value = get(record)
            if value in empty:
                return self.default
            return link(row, value, render(row, value))

        return content


class _Row(BoundRow):
    """A row whose cells take the columns' worked-out plans; the library's own path for anything unusual."""

    def _cell(self, column: _Column):
        if column._content is not None:
            try:
                return column._content(self)
            except cells.NotPlain:
                pass
        return self._get_and_render_with(column, render_func=self._call_render, default=column.default)

    def get_cell(self, name):
        return self._cell(self._table.columns[name])

    def get_cell_value(self, name):
        """What the export shows: the column's value_FOO (or render) of the value the page finds."""
        column = self._table.columns[name]
        if column._model is not None and type(self._record) is column._model:
            try:
                value = column._get(self._record)
            except cells.NotPlain:
                return super().get_cell_value(name)
            if value in column.column.empty_values:
                return None
            return cells.call(column.value, cells.arguments(column, self, value))
        return super().get_cell_value(name)

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


class _Rows(BoundRows):
    def __iter__(self):
        yield from self.generator_pinned_row(self.pinned_data.get("top"))
        for record in self.data:
            yield _Row(record, table=self.table)
        yield from self.generator_pinned_row(self.pinned_data.get("bottom"))

    def __getitem__(self, key):
        if isinstance(key, slice):
            queryset = getattr(self.data, "data", None)
            fields = self.table.fetched_fields() if isinstance(queryset, QuerySet) else None
            records = paging.page_records(queryset, key, fields) if isinstance(queryset, QuerySet) else None
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
        paths = (paging.field_path(model, column.accessor) for column in self.columns.columns.values())
        return (*self.cell_fields, *sorted({path for path in paths if path}))

    @cached_property
    def today(self):
        """The local day the page is drawn on, for render methods that compare dates with it (read once a page)."""
        return timezone.localdate()

    @cached_property
    def _visible_columns(self) -> list[_Column]:
        return list(self.columns)

    def header_html(self) -> SafeString:
        """The header row as django_tables2/table.html draws it, a sort link in each sortable column's heading,
        written here: the template engine took longer over eight headings than over the rows."""
        request = getattr(self, "request", None)  # set when the table was configured for a request
        params = dict(request.GET) if request else {}
        field, parts = self.prefixed_order_by_field, ["<tr>"]
        for column in self._visible_columns:
            header = cells.shown(column.header, None)
            if column.orderable:
                query = escape("?" + urlencode({**params, field: column.order_by_alias.next}, doseq=True))
                header = f'<a href="{query}">{header}</a>'
            parts.append(f"<th {column.attrs['th'].as_html()}>{header}</th>")
        parts.append("</tr>")
        return mark_safe("".join(parts))  # noqa: S308 - every heading went through cells.shown, the links escape

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
                cells.shower(column.localize),
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
            for column, opening, label, show in columns:
                cell = row._cell(column) if isinstance(row, _Row) else row.get_cell(column.name)
                if opening is None:  # attributes computed per cell read the cell from the column
                    column.current_value, column.current_record = cell, row.record
                    opening = f'<td {column.attrs["td"].as_html()} data-label="{label}">'
                parts.append(f"{opening}{show(cell)}</td>")
            parts.append("</tr>")
        return mark_safe("".join(parts))  # noqa: S308 - every cell and label went through cells.escape

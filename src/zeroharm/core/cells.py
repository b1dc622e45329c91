"""How a list cell's value becomes HTML: the per-cell work of django-tables2, worked out once (issue 11, point 16).

Each function here does what the library or Django's template engine does for a cell — find the value, show a
choice's label, format a date, link to the record, escape — with what does not change between rows (signatures,
compiled templates, translated labels, formatted days, the language) kept. `getter`, `renderer`, `linker` and
`shower` make, once per column and page, the functions `core.tables` calls for every cell, with the arguments each
render method names picked once (django-tables2 builds six for every cell and inspects the method to choose).
`format_html` and `truncated` are for tables' render methods. tests/core/test_tables.py holds the result to the
library's own, cell by cell.
"""

from __future__ import annotations

import datetime
import html
import re
import unicodedata
from functools import lru_cache, partial

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.template import Context, Template
from django.template.loader import get_template
from django.utils import dateformat, formats
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.safestring import SafeString
from django.utils.text import Truncator, add_truncation_text, calculate_truncate_chars_length
from django.utils.timezone import template_localtime
from django.utils.translation import get_language
from django_tables2.columns.base import Column
from django_tables2.columns.booleancolumn import BooleanColumn
from django_tables2.columns.templatecolumn import TemplateColumn
from django_tables2.utils import A, call_with_appropriate, signature

_signatures: dict[object, tuple[tuple[str, ...], str | None]] = {}


def _signature(fn) -> tuple[tuple[str, ...], str | None] | None:
    """(argument names, name of the ** catch-all) of a function, read once per function; None for a partial or a
    callable object. A bound method's signature is the same for every instance (without `self`)."""
    key = getattr(fn, "__func__", None) or fn
    spec = _signatures.get(key)
    if spec is None:
        if not callable(key) or not hasattr(key, "__code__"):
            return None
        spec = _signatures.setdefault(key, signature(fn))
    return spec


def call(fn, kwargs: dict):
    """django_tables2.utils.call_with_appropriate, with the signature looked up once per function."""
    spec = _signature(fn)
    if spec is None:
        return call_with_appropriate(fn, kwargs)  # a partial or a callable object: as the library does
    names, catch_all = spec
    if catch_all:
        return fn(**kwargs)
    if any(name not in kwargs for name in names):
        return None
    return fn(**{name: kwargs[name] for name in names})


def arguments(column, row, value) -> dict:
    """What django-tables2 offers a cell's render, value and link functions (BoundRow._optional_cell_arguments)."""
    return {
        "value": value,
        "record": row._record,
        "column": column.column,
        "bound_column": column,
        "bound_row": row,
        "table": column._table,
    }


def caller(fn, column):
    """(row, value) → `fn` called as django-tables2 calls a render method, with the arguments its signature names
    picked once (the common `record`, `value`, or both, without building the six for every cell)."""
    spec = _signature(fn)
    if spec is None or spec[1] or not set(spec[0]) <= {"value", "record"}:
        return lambda row, value: call(fn, arguments(column, row, value))
    names = set(spec[0])
    if names == {"record"}:
        return lambda row, value: fn(record=row._record)
    if names == {"value"}:
        return lambda row, value: fn(value=value)
    if names == {"record", "value"}:
        return lambda row, value: fn(record=row._record, value=value)
    return lambda row, value: fn()


@lru_cache(maxsize=256)
def compiled(code: str) -> Template:
    """A template column's text, compiled once (django-tables2 compiles it for every cell)."""
    return Template(code)


@lru_cache(maxsize=1024)
def choice_field(model: type, accessor: str):
    """The field at the end of `accessor` when it has choices (then the cell shows get_FOO_display()), else None."""
    try:
        field = A(accessor).get_field(model)
    except FieldDoesNotExist:
        return None
    return field if getattr(field, "choices", ()) else None


_labels: dict[tuple[object, str], dict] = {}


def labels(field) -> dict:
    """A field's choices and their labels in the current language, translated once per language (Django rebuilds
    the dictionary and translates every label again for each get_FOO_display())."""
    key = (field, get_language())
    found = _labels.get(key)
    if found is None:
        found = _labels.setdefault(key, {make_hashable(k): str(label) for k, label in field.flatchoices})
    return found


def label(labels: dict, value):
    """Model._get_FIELD_display over `labels(field)`. No model of ours overrides get_FOO_display."""
    value = value if type(value) is str else make_hashable(value)
    return labels[value] if value in labels else force_str(value, strings_only=True)


def getter(model: type, accessor: str, bits: tuple[str, ...]):
    """record → a cell's value as django-tables2 finds it (a choice's label, else the attribute at the end of the
    accessor), the choices looked up once; raises NotPlain for what the library must resolve itself."""
    field = choice_field(model, accessor)
    if field is None:
        return partial(resolve, bits)
    names, attname, display_method, owner_bits = labels(field), field.attname, f"get_{bits[-1]}_display", bits[:-1]

    def get(record):
        owner = resolve(owner_bits, record)
        if isinstance(owner, models.Model) and hasattr(owner, display_method):
            return label(names, getattr(owner, attname))
        return resolve(bits, record)

    return get


# The template django-tables2 gives DateColumn and DateTimeColumn; its format is all that differs between them.
DATE_TEMPLATE = re.compile(r'\{\{ value\|date:"([^"]*)"\|default:default \}\}')


def format_html(format_string: str, *args) -> SafeString:
    """django.utils.html.format_html for a cell's render method, without its checks for lazy arguments."""
    return SafeString(format_string.format(*map(escape, args)))


def truncated(text, length: int) -> str:
    """Truncator(text).chars(length) without its walk in Python over every character: a text that fits is itself,
    a longer one without combining characters (which Truncator does not count) is cut at once."""
    text = unicodedata.normalize("NFC", str(text))
    if len(text) <= length:
        return text
    if length <= 0 or any(map(unicodedata.combining, text[: length + 1])):
        return Truncator(text).chars(length)
    return add_truncation_text(text[: calculate_truncate_chars_length(length, None)])


def escape(value) -> SafeString:
    """django.utils.html.conditional_escape without its check for lazy arguments, which cost more than the escape."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return SafeString(html.escape(str(value)))


def date_filter(value, date_format: str, language: str | None = None) -> str:
    """Django's `date` template filter (django.template.defaultfilters.date) with the local time it expects."""
    if value in (None, ""):
        return ""
    if type(value) is datetime.date:  # no time zone to apply: the same day reads the same in every row
        return formatted_day(value, date_format, language or get_language())
    value = template_localtime(value)
    pattern = _strftime(date_format)
    if pattern is not None and isinstance(value, datetime.datetime) and value.year >= 1000:
        return value.strftime(pattern)
    try:
        return formats.date_format(value, date_format)
    except AttributeError:
        try:
            return dateformat.format(value, date_format)
        except AttributeError:
            return ""


# Django's format characters for zero-padded numbers, which read the same in every language, and strftime's.
_DIGITS = {"Y": "%Y", "y": "%y", "m": "%m", "d": "%d", "H": "%H", "i": "%M", "s": "%S"}


@lru_cache(maxsize=64)
def _strftime(date_format: str) -> str | None:
    """A format of numbers only ("Y-m-d H:i") in strftime's terms, which Python applies at once (Django's
    formatter splits the format again for every value); None for names, other letters and escapes."""
    parts = []
    for char in date_format:
        if char in _DIGITS:
            parts.append(_DIGITS[char])
        elif char.isalpha() or char == "\\":
            return None
        else:
            parts.append("%%" if char == "%" else char)
    return "".join(parts)


@lru_cache(maxsize=4096)
def formatted_day(value: datetime.date, date_format: str, language: str) -> str:
    """A day in a format and language, formatted once (a list shows the same few days on many rows)."""
    return formats.date_format(value, date_format)


class NotPlain(Exception):
    """A value off the common path: let the library resolve it."""


def resolve(bits: tuple[str, ...], record):
    """Accessor.resolve for model instances: attributes only (a model has no items), stop at None."""
    current = record
    for bit in bits:
        if not isinstance(current, models.Model):
            raise NotPlain
        try:
            current = getattr(current, bit)
        except AttributeError:
            raise NotPlain from None
        if callable(current):
            raise NotPlain
        if current is None:
            break
    return current


def link(record, name: str, content, library):
    """LinkTransform(linkify=True) for a model record: the named attribute's page if it has one, else the
    record's. Anything the library would call or fail on is left to it (`library`)."""
    try:
        target = getattr(record, name)
    except AttributeError:
        return library()
    if callable(target):
        return library()
    if not hasattr(target, "get_absolute_url"):
        if not hasattr(record, "get_absolute_url"):
            return library()
        target = record
    url = target.get_absolute_url()
    return content if url is None else SafeString(f'<a href="{escape(url)}">{escape(content)}</a>')


def linker(column, target: str | None):
    """(row, value, content) → the content with the column's link: to the page of `target` (an attribute of the
    record) or, failing that, the record's, as `linkify=True` links; the column's LinkTransform when target is None."""
    transform = column.link
    if not transform:
        return lambda row, value, content: content
    if target is None:
        return lambda row, value, content: transform(content, **arguments(column, row, value))
    return lambda row, value, content: link(
        row._record, target, content, lambda: transform(content, **arguments(column, row, value))
    )


def renderer(column, model: type, date_format: str | None):
    """(row, value) → what the column's render (or the table's render_FOO) makes of a value: the value itself for a
    plain column, a day in `date_format` for a date column, else the function called with what it names."""
    own = column.column.render
    if column.render != own:
        return caller(column.render, column)
    kind = type(column.column).render
    if kind is Column.render:
        return lambda row, value: value
    if kind is BooleanColumn.render and choice_field(model, column.accessor) is None:
        shown = {flag: own(value=flag, record=None, bound_column=column) for flag in (True, False)}
        return lambda row, value: shown[bool(value)]  # without choices, the cell is one of two
    if kind is TemplateColumn.render and date_format is not None:
        language = get_language()
        return lambda row, value: escape(date_filter(value, date_format, language) or column.default)
    if kind is TemplateColumn.render:
        return lambda row, value: render_template_column(column.column, arguments(column, row, value))
    return caller(own, column)


def render_template_column(column: TemplateColumn, kwargs: dict):
    """TemplateColumn.render with its template compiled once."""
    table = kwargs["table"]
    parent_context = getattr(table, "context", Context())
    context = column.get_context_data(**kwargs)
    with parent_context.update(context):
        request = getattr(table, "request", None)
        if column.template_code:
            parent_context["request"] = request
            return compiled(column.template_code).render(parent_context)
        return get_template(column.template_name).render(parent_context.flatten(), request=request)


def shower(localize: bool | None):
    """value → shown(value, localize) for one column, the language read once and text written at once."""
    if localize is not None:
        return partial(shown, localize=localize)
    language = get_language()

    def show(value):
        kind = type(value)
        if kind is SafeString:
            return value
        if kind is str:
            return SafeString(html.escape(value))
        if kind is datetime.date:
            return escape(formatted_day(value, "DATE_FORMAT", language))
        return shown(value, None)

    return show


def shown(value, localize: bool | None) -> str:
    """What `{{ cell }}`, `{{ cell|localize }}` or `{{ cell|unlocalize }}` print (render_value_in_context)."""
    if localize is not None:  # the filter turns the value into text first, localized or not
        value = str(formats.localize(value, use_l10n=localize))
    if type(value) is datetime.date:
        value = formatted_day(value, "DATE_FORMAT", get_language())  # what formats.localize gives a day
    elif not isinstance(value, str):  # text needs no localizing; a number or a time does
        value = formats.localize(template_localtime(value))
    return escape(value)

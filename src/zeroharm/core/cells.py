"""How a list cell's value becomes HTML: the per-cell work of django-tables2, worked out once (issue 11, point 16).

Each function here does what the library or Django's template engine does for a cell — find the value, show a
choice's label, format a date, link to the record, escape — with what does not change between rows (signatures,
compiled templates, translated labels, formatted days) kept. `core.tables` uses them; tests/core/test_tables.py
holds the result to the library's own, cell by cell.
"""

from __future__ import annotations

import datetime
import html
import re
from functools import lru_cache

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.template import Context, Template
from django.template.loader import get_template
from django.utils import dateformat, formats
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString
from django.utils.timezone import template_localtime
from django.utils.translation import get_language
from django_tables2.columns.templatecolumn import TemplateColumn
from django_tables2.utils import A, call_with_appropriate, signature

_signatures: dict[object, tuple[tuple[str, ...], str | None]] = {}


def call(fn, kwargs: dict):
    """django_tables2.utils.call_with_appropriate, with the signature looked up once per function.

    A bound method's signature is the same for every instance (without `self`), so it is kept per function."""
    key = getattr(fn, "__func__", None) or fn
    spec = _signatures.get(key)
    if spec is None:
        if not callable(key) or not hasattr(key, "__code__"):
            return call_with_appropriate(fn, kwargs)  # a partial or a callable object: as the library does
        spec = _signatures.setdefault(key, signature(fn))
    names, catch_all = spec
    if catch_all:
        return fn(**kwargs)
    if any(name not in kwargs for name in names):
        return None
    return fn(**{name: kwargs[name] for name in names})


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


def display(field, value):
    """Model._get_FIELD_display, with the choices' labels translated once per language (Django rebuilds the
    dictionary and translates every label again for each call). No model of ours overrides get_FOO_display."""
    key = (field, get_language())
    labels = _labels.get(key)
    if labels is None:
        labels = _labels.setdefault(key, {make_hashable(k): str(label) for k, label in field.flatchoices})
    value = make_hashable(value)
    return labels[value] if value in labels else force_str(value, strings_only=True)


# The template django-tables2 gives DateColumn and DateTimeColumn; its format is all that differs between them.
DATE_TEMPLATE = re.compile(r'\{\{ value\|date:"([^"]*)"\|default:default \}\}')


def escape(value) -> SafeString:
    """django.utils.html.conditional_escape without its check for lazy arguments, which cost more than the escape."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return SafeString(html.escape(str(value)))


def date_filter(value, date_format: str) -> str:
    """Django's `date` template filter (django.template.defaultfilters.date) with the local time it expects."""
    if value in (None, ""):
        return ""
    if type(value) is datetime.date:  # no time zone to apply: the same day reads the same in every row
        return formatted_day(value, date_format, get_language())
    value = template_localtime(value)
    try:
        return formats.date_format(value, date_format)
    except AttributeError:
        try:
            return dateformat.format(value, date_format)
        except AttributeError:
            return ""


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
    return content if url is None else format_html('<a href="{}">{}</a>', url, content)


def render_template_column(column: TemplateColumn, kwargs: dict, date_format: str | None):
    """TemplateColumn.render with its template compiled once; a date column's `{{ value|date:f|default:d }}` as the
    filters would compute it, without a template."""
    if date_format is not None:
        shown = date_filter(kwargs["value"], date_format)
        return conditional_escape(shown or kwargs["bound_column"].default)
    table = kwargs["table"]
    parent_context = getattr(table, "context", Context())
    context = column.get_context_data(**kwargs)
    with parent_context.update(context):
        request = getattr(table, "request", None)
        if column.template_code:
            parent_context["request"] = request
            return compiled(column.template_code).render(parent_context)
        return get_template(column.template_name).render(parent_context.flatten(), request=request)


def shown(value, localize: bool | None) -> str:
    """What `{{ cell }}`, `{{ cell|localize }}` or `{{ cell|unlocalize }}` print (render_value_in_context)."""
    if localize is not None:  # the filter turns the value into text first, localized or not
        value = str(formats.localize(value, use_l10n=localize))
    if type(value) is datetime.date:
        value = formatted_day(value, "DATE_FORMAT", get_language())  # what formats.localize gives a day
    elif not isinstance(value, str):  # text needs no localizing; a number or a time does
        value = formats.localize(template_localtime(value))
    return escape(value)

"""The form renderer: Django's widget templates, with the common ones written in Python (issue 11, point 16).

Every form field is drawn by rendering a template, and a select renders one more template per option (and one for
its attributes): the filter form of a list page cost about a fifth of the page, more than its SQL at a million
records, and a unit filter of fifty branches fifty templates. `Renderer` draws the plain input types, the select
and the checkbox and radio lists itself, character for character as Django's templates would
(tests/core/test_form_renderer.py compares them on every kind of value), a field's label and django-filter's range
of two inputs too, and leaves every other template — and any widget whose options use a template of their own — to
Django's engine.
"""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe

from zeroharm.core.cells import shown

__all__ = ["Renderer"]

_WIDGETS = "django/forms/widgets/"
# Widgets whose template only includes input.html (followed by the template file's own newline).
_INPUTS = frozenset(
    f"{_WIDGETS}{name}.html"
    for name in ("text", "number", "email", "url", "date", "datetime", "time", "hidden", "search", "tel", "password")
)
_CHOICE_LISTS = frozenset({f"{_WIDGETS}checkbox_select.html", f"{_WIDGETS}radio.html"})
_OPTION_TEMPLATES = {
    f"{_WIDGETS}select_option.html",
    f"{_WIDGETS}checkbox_option.html",
    f"{_WIDGETS}radio_option.html",
}


def _string(value) -> str:
    """`{{ value|stringformat:'s' }}`: the value as text, escaped unless it was already safe."""
    text = "%s" % (value,)  # noqa: UP031 - exactly what the filter does
    return conditional_escape(mark_safe(text) if isinstance(value, SafeData) else text)  # noqa: S308


def _attrs(attrs: dict) -> str:
    """attrs.html: ` name="value"` each, a bare name for True, nothing for False."""
    return "".join(
        f" {shown(name, None)}" if value is True else f' {shown(name, None)}="{_string(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict) -> str:
    """input.html, with its final newline."""
    value = "" if widget["value"] is None else f' value="{_string(widget["value"])}"'
    kind, name = shown(widget["type"], None), shown(widget["name"], None)
    return f'<input type="{kind}" name="{name}"{value}{_attrs(widget["attrs"])}>\n'


def _input_option(option: dict) -> str:
    """checkbox_option.html / radio_option.html: input_option.html and the including template's newline."""
    if not option["wrap_label"]:
        return f"{_input(option)}\n"
    target = option["attrs"].get("id")
    label_for = f' for="{shown(target, None)}"' if target else ""
    return f"<label{label_for}>{_input(option)} {shown(option['label'], None)}</label>\n\n"


def _choice_list(widget: dict) -> str:
    """checkbox_select.html / radio.html: multiple_input.html and the including template's newline."""
    attrs = widget["attrs"]
    parts = ["<div"]
    if attrs.get("id"):
        parts.append(f' id="{shown(attrs["id"], None)}"')
    if attrs.get("class"):
        parts.append(f' class="{shown(attrs["class"], None)}"')
    parts.append(">")
    for group, options, _index in widget["optgroups"]:
        if group:
            parts.append(f"\n  <div><label>{shown(group, None)}</label>")
        parts.extend(f"<div>\n    {_input_option(option)}</div>" for option in options)
        if group:
            parts.append("\n  </div>")
    parts.append("\n</div>\n")
    return "".join(parts)


def _select(widget: dict) -> str:
    """select.html with select_option.html for each option."""
    parts = [f'<select name="{shown(widget["name"], None)}"{_attrs(widget["attrs"])}>']
    for group, options, _index in widget["optgroups"]:
        if group:
            parts.append(f'\n  <optgroup label="{shown(group, None)}">')
        parts.extend(
            f'\n  <option value="{_string(option["value"])}"{_attrs(option["attrs"])}>'
            f"{shown(option['label'], None)}</option>\n"
            for option in options
        )
        if group:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>\n")
    return "".join(parts)


def _label(context: dict) -> str:
    """label.html with attrs.html (BoundField.label_tag)."""
    label = shown(context["label"], None)
    if not context["use_tag"]:
        return label
    tag = shown(context["tag"], None)
    return f"<{tag}{_attrs(context['attrs'] or {})}>{label}</{tag}>"


def _range(widget: dict) -> str | None:
    """django-filter's multiwidget.html: each part as its own template draws it, a dash after the first; None when
    a part is not a plain input."""
    parts = widget["subwidgets"]
    if not all(part["template_name"] in _INPUTS for part in parts):
        return None
    return "".join(f"{_input(part)}\n{'-' if i == 0 else ''}" for i, part in enumerate(parts)) + "\n"


def _own_options(widget: dict) -> bool:
    """Does any option use a template other than Django's (then the engine draws the widget)?"""
    return any(
        option.get("template_name") not in _OPTION_TEMPLATES
        for _g, options, _i in widget["optgroups"]
        for option in options
    )


class Renderer(DjangoTemplates):
    """settings.FORM_RENDERER."""

    def render(self, template_name, context, request=None):
        drawn = self._drawn(template_name, context)
        if drawn is None:
            return super().render(template_name, context, request=request)
        return mark_safe(drawn.strip())  # noqa: S308 - every value went through shown/_string; Django strips too

    @staticmethod
    def _drawn(template_name: str, context) -> str | None:
        if template_name == "django/forms/label.html" and isinstance(context, dict):
            return _label(context)
        widget = context.get("widget") if isinstance(context, dict) else None
        if widget is None:
            return None
        if template_name == "django_filters/widgets/multiwidget.html":
            return _range(widget)
        if template_name in _INPUTS:
            return _input(widget)
        if template_name == f"{_WIDGETS}select.html" and not _own_options(widget):
            return _select(widget)
        if template_name in _CHOICE_LISTS and not _own_options(widget):
            return _choice_list(widget)
        return None

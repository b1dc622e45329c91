"""core.form_renderer draws widgets exactly as Django's templates do (issue 11, point 16)."""

from __future__ import annotations

import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from zeroharm.core.form_renderer import Renderer

CHOICES = [("", "Any"), ("a", "Apple & <pear>"), (3, 'Say "three"'), ("d", gettext_lazy("open"))]
GROUPED = [("Fruit", [("a", "Apple"), ("b", "Banana")]), ("x", "Loose <one>"), ("Veg", [(1, "Leek")])]

WIDGETS = [
    (forms.Select(choices=CHOICES), "d"),
    (forms.Select(choices=CHOICES, attrs={"class": "x", "hx-get": "/a?b=1&c=2", "disabled": True, "data-x": False}), 3),
    (forms.Select(choices=GROUPED), "b"),
    (forms.SelectMultiple(choices=CHOICES), ["a", 3]),
    (forms.NullBooleanSelect(), True),
    (forms.CheckboxSelectMultiple(choices=CHOICES), ["a", "d"]),
    (forms.CheckboxSelectMultiple(choices=GROUPED, attrs={"class": "chips"}), ["b", 1]),
    (forms.RadioSelect(choices=CHOICES), 3),
    (forms.RadioSelect(choices=CHOICES, attrs={"id": "kind", "class": "row"}), ""),
    (forms.TextInput(attrs={"placeholder": 'e.g. "bay 3" & <more>', "autofocus": True}), "it's <b>"),
    (forms.TextInput(), None),
    (forms.TextInput(), mark_safe("<i>safe</i>")),
    (forms.NumberInput(attrs={"min": 0, "step": 0.5}), 1234567),
    (forms.EmailInput(), "a@b.c"),
    (forms.DateInput(attrs={"type": "date"}), datetime.date(2026, 12, 4)),
    (forms.HiddenInput(), 42),
    (forms.PasswordInput(), "secret"),
    (forms.URLInput(), "https://x/?a=1&b=2"),
]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize(
    ("widget", "value"), WIDGETS, ids=lambda w: type(w).__name__ if isinstance(w, forms.Widget) else None
)
@pytest.mark.parametrize("attrs", [None, {"id": "id_f"}])
def test_a_widget_is_drawn_as_djangos_templates_draw_it(widget, value, attrs, language):
    with override(language):
        ours = widget.render("f", value, attrs=attrs, renderer=Renderer())
        django = widget.render("f", value, attrs=attrs, renderer=DjangoTemplates())
    assert ours == django
    assert ours  # not an empty drawing


def test_a_widget_it_does_not_know_goes_to_the_template_engine():
    widget = forms.Textarea()
    assert widget.render("f", "a < b", renderer=Renderer()) == widget.render("f", "a < b", renderer=DjangoTemplates())


def test_options_with_their_own_template_go_to_the_template_engine(monkeypatch):
    class Starred(forms.Select):
        option_template_name = "django/forms/widgets/input_option.html"

    widget = Starred(choices=CHOICES)
    calls = []
    original = DjangoTemplates.render
    monkeypatch.setattr(DjangoTemplates, "render", lambda self, *a, **k: calls.append(a[0]) or original(self, *a, **k))
    widget.render("f", "a", renderer=Renderer())
    assert calls == ["django/forms/widgets/select.html"]


def test_forms_use_it():
    from django.forms.renderers import get_default_renderer

    assert isinstance(get_default_renderer(), Renderer)


class _Labelled(forms.Form):
    required_css_class = "required"
    name = forms.CharField(label='Name & "title"')
    asked = forms.CharField(label="Why?", required=False)
    kind = forms.ChoiceField(label=gettext_lazy("kind"), choices=CHOICES, widget=forms.RadioSelect, required=False)
    free = forms.CharField(label=mark_safe("<b>Free</b>"), required=False, widget=forms.TextInput(attrs={"id": "own"}))


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("auto_id", ["id_%s", False])
@pytest.mark.parametrize(
    "arguments",
    [{}, {"attrs": {"class": "x", "data-on": True, "data-off": False}}, {"tag": "legend"}, {"contents": "<i>"}],
)
def test_a_label_is_drawn_as_djangos_template_draws_it(language, auto_id, arguments):
    with override(language):
        ours = _Labelled(auto_id=auto_id, renderer=Renderer())
        django = _Labelled(auto_id=auto_id, renderer=DjangoTemplates())
        for name in _Labelled.base_fields:
            assert ours[name].label_tag(**arguments) == django[name].label_tag(**arguments)
            assert ours[name].label_tag(**arguments)


@pytest.mark.parametrize(
    "value", [None, [datetime.date(2026, 1, 2), None], ["2026-01-02", "<x>"], {"f_after": "2026-01-02"}]
)
def test_a_date_range_is_drawn_as_django_filters_template_draws_it(value):
    from django_filters.widgets import DateRangeWidget, RangeWidget

    for widget in (DateRangeWidget(attrs={"type": "date"}), RangeWidget(attrs={"class": "n"})):
        if isinstance(value, dict):
            value = widget.value_from_datadict(value, {}, "f")
        ours = widget.render("f", value, attrs={"id": "id_f"}, renderer=Renderer())
        assert ours == widget.render("f", value, attrs={"id": "id_f"}, renderer=DjangoTemplates())
        assert ours.count("<input") == 2


def test_labels_and_date_ranges_use_no_template(monkeypatch):
    calls = []
    original = DjangoTemplates.render
    monkeypatch.setattr(DjangoTemplates, "render", lambda self, *a, **k: calls.append(a[0]) or original(self, *a, **k))
    _Labelled(renderer=Renderer())["name"].label_tag()
    from django_filters.widgets import DateRangeWidget

    DateRangeWidget(attrs={"type": "date"}).render("f", None, renderer=Renderer())
    assert calls == []

"""Forms of responsibility agreements: a template, and the targets of a template or of a draft as a formset (an
indicator of core.indicators, a comparison, a value, a weight, a veto and an order)."""

from __future__ import annotations

from types import SimpleNamespace

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from zeroharm.core.forms import BoundedDateField, ScopedModelForm
from zeroharm.core.indicators import indicator_choices
from zeroharm.responsibility.choices import Comparison
from zeroharm.responsibility.models import AgreementTemplate
from zeroharm.responsibility.services.agreements import TARGET_FIELDS
from zeroharm.responsibility.services.strictness import target_problems

__all__ = ["AgreementTemplateForm", "TargetForm", "TargetFormSet", "DraftForm", "MAX_TARGETS", "target_initial"]

MAX_TARGETS = 30


class AgreementTemplateForm(ScopedModelForm):
    """The issuing unit is one where the user may add (new) or change (edit) agreements: ScopedModelForm."""

    year = forms.IntegerField(
        label=_("year"),
        min_value=2000,
        max_value=2100,
        required=False,
        help_text=_("Leave empty for a template used every year."),
    )

    class Meta:
        model = AgreementTemplate
        fields = ["unit", "level", "title", "clauses", "year"]
        widgets = {"clauses": forms.Textarea(attrs={"rows": 8})}


class TargetForm(forms.Form):
    indicator = forms.ChoiceField(label=_("indicator"), choices=indicator_choices)
    comparison = forms.ChoiceField(label=_("comparison"), choices=Comparison.choices)
    value = forms.DecimalField(label=_("value"), max_digits=12, decimal_places=2)
    weight = forms.DecimalField(
        label=_("weight"), max_digits=5, decimal_places=2, min_value=0, max_value=100, required=False
    )
    veto = forms.BooleanField(
        label=_("veto"), required=False, help_text=_("Missing this target fails the whole agreement.")
    )
    order = forms.IntegerField(label=_("order"), min_value=0, max_value=999, required=False)


class BaseTargetFormSet(forms.BaseFormSet):
    def rows(self) -> list[dict]:
        """The kept targets in their order (then as entered), as the services take them."""
        kept = [
            (position, form.cleaned_data)
            for position, form in enumerate(self.forms)
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        kept.sort(key=lambda item: (item[1]["order"] if item[1].get("order") is not None else 1000, item[0]))
        return [{name: data.get(name) for name in TARGET_FIELDS} for _position, data in kept]

    def clean(self):
        """The services' own check (responsibility.services.strictness), so that the page names every problem
        before anything is written: known indicator, one target each, a percentage within 0–100, weights adding up
        to 100 when set."""
        super().clean()
        if any(self.errors):
            return
        problems = target_problems([SimpleNamespace(**row) for row in self.rows()])
        if problems:
            raise ValidationError(problems)


TargetFormSet = forms.formset_factory(
    TargetForm, formset=BaseTargetFormSet, extra=1, can_delete=True, max_num=MAX_TARGETS, validate_max=True
)


def target_initial(targets) -> list[dict]:
    """A template's or an agreement's targets as the formset's initial rows."""
    return [{**{name: getattr(t, name) for name in TARGET_FIELDS}, "order": t.order} for t in targets]


class DraftForm(forms.Form):
    """A draft agreement's own text, revised by party A's side before it is sent; `version` is the optimistic lock."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("title"), max_length=200)
    clauses = forms.CharField(label=_("clauses"), max_length=20000, widget=forms.Textarea(attrs={"rows": 10}))
    due_on = BoundedDateField(label=_("sign by"), widget=forms.DateInput(attrs={"type": "date"}))

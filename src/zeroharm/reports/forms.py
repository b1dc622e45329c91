"""Forms of summary reviews: drafting one (unit, kind, year), and editing a draft — its title and sections, its
deficiencies (finding, cause, confirmed) and its plan's items (text, owner, due date) as formsets."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zeroharm.core.forms import BoundedDateField, DateInput, ScopedForm, UnitChoiceField, VersionMixin
from zeroharm.core.roles import Action
from zeroharm.core.scoping import units_for
from zeroharm.org.models import OrgUnit, Person
from zeroharm.reports.choices import ReviewKind, SectionKey
from zeroharm.reports.services.reviews import MAX_DEFICIENCIES, MAX_PLAN_ITEMS

__all__ = ["DraftForm", "ReviewForm", "DeficiencyFormSet", "PlanFormSet", "DoneForm", "section_field", "kept_rows"]


def section_field(key: str) -> str:
    return f"section_{key}"


class DraftForm(ScopedForm):
    scope_area = "reviews"
    unit = UnitChoiceField(label=_("unit"), queryset=OrgUnit.objects.none())
    kind = forms.ChoiceField(label=_("kind"), choices=ReviewKind.choices)
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)

    def __init__(self, *args, user, **kwargs):
        kwargs.setdefault("initial", {"year": timezone.localdate().year})
        super().__init__(*args, user=user, **kwargs)
        self.fields["unit"].queryset = units_for(user, "reviews", Action.ADD).filter(is_archived=False)


class ReviewForm(VersionMixin):
    title = forms.CharField(label=_("title"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in SectionKey.choices:
            self.fields[section_field(key)] = forms.CharField(
                label=label, required=False, max_length=20000, strip=False, widget=forms.Textarea(attrs={"rows": 6})
            )

    def sections(self) -> dict[str, str]:
        return {key: self.cleaned_data[section_field(key)] for key in SectionKey.values}


class DeficiencyForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    finding = forms.CharField(label=_("finding"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    cause = forms.CharField(label=_("cause"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    confirmed = forms.BooleanField(label=_("confirmed"), required=False)


class PlanItemForm(ScopedForm):
    scope_area = "reviews"
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    text = forms.CharField(label=_("plan item"), max_length=500)
    owner = forms.ModelChoiceField(
        label=_("owner"), queryset=Person.objects.filter(is_archived=False).order_by("name"), required=False
    )
    due_on = BoundedDateField(label=_("due"), required=False, widget=DateInput)


DeficiencyFormSet = forms.formset_factory(
    DeficiencyForm, extra=1, can_delete=True, max_num=MAX_DEFICIENCIES, validate_max=True
)
PlanFormSet = forms.formset_factory(PlanItemForm, extra=2, can_delete=True, max_num=MAX_PLAN_ITEMS, validate_max=True)


def kept_rows(formset) -> list[dict]:
    """The rows the formset keeps, in order: the existing ones (an id) and the new ones filled in, not deleted."""
    return [
        form.cleaned_data
        for form in formset.forms
        if form.cleaned_data
        and not form.cleaned_data.get("DELETE")
        and (form.cleaned_data.get("id") or form.has_changed())
    ]


class DoneForm(forms.Form):
    done_on = BoundedDateField(label=_("done on"), required=False, widget=DateInput)

"""Forms of campaigns: the campaign (its scope among the user's units, the year's national theme offered), its
committee and documents, the pledge, issuing a task, and the steps of a unit's task."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from zeroharm.campaigns.choices import CommitteeRole
from zeroharm.campaigns.models import Campaign, CampaignDocument
from zeroharm.campaigns.services.campaigns import theme_of_year
from zeroharm.campaigns.services.tasks import evidence_kind_choices
from zeroharm.core.forms import (
    BoundedDateField,
    DateInput,
    ScopedForm,
    ScopedModelForm,
    SignWithDrawingMixin,
    VersionMixin,
)
from zeroharm.core.scoping import subtree_q

__all__ = [
    "CampaignForm",
    "CommitteeForm",
    "DocumentForm",
    "PledgeForm",
    "SignPledgeForm",
    "TaskIssueForm",
    "SubmitForm",
    "ReturnForm",
]


class CampaignForm(ScopedModelForm):
    starts_on = BoundedDateField(label=_("starts on"), widget=DateInput)
    ends_on = BoundedDateField(label=_("ends on"), widget=DateInput)

    class Meta:
        model = Campaign
        fields = ["name", "national_theme", "theme", "unit", "starts_on", "ends_on", "objectives"]
        widgets = {"objectives": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["national_theme"].help_text = _("Left empty, the theme of the start year is taken when known.")
        if self.instance.pk is None:
            year = datetime.date.today().year
            theme = theme_of_year(year)
            self.initial.setdefault("national_theme", theme.pk if theme else None)
            self.initial.setdefault("starts_on", datetime.date(year, 6, 1))
            self.initial.setdefault("ends_on", datetime.date(year, 6, 30))


class CommitteeForm(ScopedForm):
    person = forms.ModelChoiceField(label=_("person"), queryset=None)
    role = forms.ChoiceField(label=_("committee role"), choices=CommitteeRole.choices)

    def __init__(self, *args, user, **kwargs):
        from zeroharm.org.models import Person

        super().__init__(*args, user=user, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(status="active").select_related("unit")


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind of document"), choices=CampaignDocument.Kind.choices)
    file = forms.FileField(label=_("file"))


class PledgeForm(VersionMixin):
    text = forms.CharField(label=_("pledge"), max_length=8000, widget=forms.Textarea(attrs={"rows": 10}))


class SignPledgeForm(SignWithDrawingMixin):
    pass


class UnitsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{'  ' * (obj.depth - 1)}{obj.name} · {obj.code}"


class TaskIssueForm(ScopedForm):
    scope_area = "campaigns"  # units offered: those where the user may add in campaigns (core.forms)
    title = forms.CharField(label=_("title"), max_length=200)
    description = forms.CharField(
        label=_("what is to be done"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    deadline = BoundedDateField(label=_("deadline"), widget=DateInput)
    evidence_kind = forms.ChoiceField(label=_("evidence needed"))
    units = forms.ModelMultipleChoiceField(
        label=_("units"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    level = forms.TypedChoiceField(label=_("or every unit of a level"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, user, campaign: Campaign, **kwargs):
        from zeroharm.org.models import OrgUnit

        super().__init__(*args, user=user, **kwargs)
        unit = campaign.unit
        below = OrgUnit.objects.filter(subtree_q(unit.path), depth__gt=unit.depth, is_archived=False)
        self.fields["units"] = UnitsField(
            label=_("units"), queryset=below.order_by("path"), required=False, widget=forms.CheckboxSelectMultiple
        )
        depths = sorted(set(below.values_list("depth", flat=True)))
        self.fields["level"].choices = [("", "—")] + [
            (d, _("Level %(n)s under the scope") % {"n": d - unit.depth}) for d in depths
        ]
        self.fields["evidence_kind"].choices = evidence_kind_choices()

    def clean(self):
        data = super().clean()
        if not data.get("units") and data.get("level") is None:
            self.add_error("units", _("Choose the units, or a level of units, the task is issued to."))
        return data

    def task_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("title", "description", "deadline", "evidence_kind")}


class SubmitForm(VersionMixin):
    note = forms.CharField(
        label=_("what the unit did"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    file = forms.FileField(label=_("evidence file"), required=False)
    count = forms.IntegerField(label=_("count"), min_value=0, max_value=1_000_000, required=False)
    record = forms.IntegerField(label=_("record cited (its number)"), min_value=1, required=False)


class ReturnForm(VersionMixin):
    reason = forms.CharField(label=_("why it is returned"), max_length=500)


class VersionForm(VersionMixin):
    pass

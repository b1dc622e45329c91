"""Forms of responsibility lists: the list, its draft's duties (a formset), approval, acknowledgement, the law's
default for a unit, and a role holder."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zeroharm.core.forms import (
    BoundedDateField,
    ScopedForm,
    ScopedModelForm,
    SignWithDrawingMixin,
    UnitChoiceField,
    VersionMixin,
)
from zeroharm.core.roles import Action
from zeroharm.core.scoping import units_for
from zeroharm.org.models import OrgUnit, Person
from zeroharm.responsibility.choices import AssessmentPeriod
from zeroharm.responsibility.models import AgreementTemplate, DutyList, RoleHolder
from zeroharm.responsibility.services.lists import MAX_DUTIES

__all__ = [
    "AdjustForm",
    "AssessAllForm",
    "DutyListForm",
    "DutyForm",
    "DutyFormSet",
    "AcknowledgeForm",
    "DefaultsForm",
    "RoleHolderForm",
    "IssueForm",
]


class DutyListForm(ScopedModelForm):
    class Meta:
        model = DutyList
        fields = ["unit", "code", "title", "unit_role", "position"]


class DutyForm(forms.Form):
    number = forms.CharField(label=_("duty number"), max_length=16)
    text = forms.CharField(label=_("duty"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    scope = forms.CharField(
        label=_("scope of responsibility"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    assessment = forms.CharField(
        label=_("assessment standard"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


DutyFormSet = forms.formset_factory(DutyForm, extra=1, can_delete=True, max_num=MAX_DUTIES, validate_max=True)


class AcknowledgeForm(SignWithDrawingMixin):
    """Signing an agreement or acknowledging a list: the password again, and a drawn signature if wished."""


class DefaultsForm(ScopedForm):
    """The unit whose first leader's list starts from Art. 21 (units where the user may add lists)."""

    scope_area = "responsibility"
    unit = UnitChoiceField(label=_("unit"), queryset=OrgUnit.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["unit"].queryset = units_for(user, "responsibility", Action.ADD).filter(is_archived=False)


class RoleHolderForm(ScopedModelForm):
    class Meta:
        model = RoleHolder
        fields = ["unit", "unit_role", "person"]


class IssueForm(ScopedForm):
    """Issue the year's drafts from one of the user's templates, to one child unit of its unit or to every one."""

    scope_area = "responsibility"
    template = forms.ModelChoiceField(label=_("template"), queryset=AgreementTemplate.objects.none())
    recipient = UnitChoiceField(
        label=_("party B (recipient)"),
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label=_("Every unit directly under the issuer"),
    )
    person = forms.ModelChoiceField(
        label=_("party B (team member)"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("Every member of the team"),
        help_text=_("For a team's agreements with its members: one member, or every active member."),
    )
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    due_on = BoundedDateField(label=_("sign by"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["template"].queryset = AgreementTemplate.objects.visible_to(user, Action.ADD).filter(
            is_archived=False
        )
        self.fields["recipient"].queryset = units_for(user, "responsibility", Action.ADD).filter(
            is_archived=False, depth__gt=1
        )
        teams = units_for(user, "responsibility", Action.ADD).filter(is_archived=False, kind="team")
        self.fields["person"].queryset = Person.objects.filter(
            unit__in=teams, status="active", is_archived=False
        ).order_by("name")

    def clean(self):
        data = super().clean()
        template = data.get("template")
        if data.get("person") and template is not None and template.level != "team_post":
            self.add_error("person", _("A team member is party B only of a team's agreements (team → post)."))
        return data


class AdjustForm(VersionMixin):
    """The assessor's score beside the computed one; empty puts the computed one back. The reason is required."""

    score = forms.DecimalField(
        label=_("adjusted score"),
        required=False,
        min_value=0,
        max_value=100,
        decimal_places=1,
        help_text=_("Leave empty to count the computed score again."),
    )
    reason = forms.CharField(
        label=_("reason for the adjustment"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class AssessAllForm(forms.Form):
    year = forms.IntegerField(min_value=2000, max_value=2100)
    period = forms.ChoiceField(choices=AssessmentPeriod.choices)

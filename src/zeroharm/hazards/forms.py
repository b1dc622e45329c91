"""Forms of the hidden-danger pages: the report (three fields and photos) and one form per step."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zeroharm.core.forms import (
    BoundedDateField,
    DateInput,
    FoldedFieldsMixin,
    PhotosField,
    ScopedForm,
    UnitChoiceField,
    VersionMixin,
)
from zeroharm.core.roles import Action
from zeroharm.core.scoping import ORG_STEPLEN, subtree_unit_ids, units_for
from zeroharm.hazards.models import Category, GovernancePlan, HiddenDanger, Level
from zeroharm.org.models import Person

__all__ = [
    "ReportForm",
    "AssessForm",
    "AssignForm",
    "RequestAcceptanceForm",
    "NoteForm",
    "ReasonForm",
    "ExplainForm",
    "ExtensionForm",
    "ExtensionDecisionForm",
    "GovernancePlanForm",
    "SupervisionForm",
    "STEP_FORMS",
]


class ReportForm(FoldedFieldsMixin, ScopedForm):
    """At most three required fields: unit, where, what, and a photo. Everything else is optional, behind "More"."""

    folded = ("anonymous", "fixed_on_spot", "category", "after_photos", "rectification_note")

    unit = UnitChoiceField(queryset=None, label=_("unit"))
    location = forms.CharField(
        label=_("where"), max_length=200, help_text=_("The place or equipment, as people on site call it.")
    )
    description = forms.CharField(label=_("what is wrong"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    photos = PhotosField(label=_("photos"))
    anonymous = forms.BooleanField(
        label=_("report anonymously"),
        required=False,
        help_text=_(
            "Your name is then not stored anywhere, not even in the history. You will not be told how it goes on."
        ),
    )
    fixed_on_spot = forms.BooleanField(
        label=_("I fixed it on the spot"),
        required=False,
        help_text=_("A general hidden danger already put right; a second person will accept it."),
    )
    category = forms.ChoiceField(
        label=_("what kind of hidden danger"),
        required=False,
        choices=[("", "—"), *Category.choices],
        help_text=_("For a fix on the spot, which skips the assessment."),
    )
    after_photos = PhotosField(label=_("photos after the fix"))
    rectification_note = forms.CharField(
        label=_("what was done"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["unit"].queryset = units_for(user, HiddenDanger.scope_area, Action.ADD).filter(is_archived=False)


class AssessForm(VersionMixin):
    level = forms.ChoiceField(
        label=_("level"),
        choices=Level.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Major: needs production (partly) stopped and a period of governance, "
            "or cannot be removed by the unit itself."
        ),
    )
    category = forms.ChoiceField(label=_("category"), choices=Category.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class OwnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} · {obj.employee_no} · {obj.unit.name}"


class AssignForm(ScopedForm, VersionMixin):
    """The rectification order: the five requirements (docs/standards/hidden-dangers.md#rectification-order)."""

    owner = OwnerChoiceField(queryset=None, label=_("owner (responsibility)"))
    measures = forms.CharField(label=_("measures"), widget=forms.Textarea(attrs={"rows": 3}))
    budget_amount = forms.DecimalField(
        label=_("funds (CNY)"), min_value=0, max_digits=12, decimal_places=2, help_text=_("0 when no money is needed.")
    )
    deadline = BoundedDateField(label=_("deadline (time limit)"), widget=DateInput)
    contingency_plan = forms.CharField(
        label=_("contingency plan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for a major hidden danger: what protects people until it is fixed."),
    )

    def __init__(self, *args, hd: HiddenDanger, **kwargs):
        super().__init__(*args, **kwargs)
        # Owners come from the workshop (or the unit itself when higher) the hidden danger is in: a bounded list.
        base = hd.unit.path[: min(hd.unit.depth, 3) * ORG_STEPLEN]
        self.fields["owner"].queryset = (
            Person.objects.filter(unit__in=subtree_unit_ids(base), status="active", is_archived=False)
            .select_related("unit")
            .order_by("unit__path", "name")
        )
        if hd.level == "major":
            self.fields["contingency_plan"].required = True
        if not self.is_bound:
            self.initial.update(
                owner=hd.owner_id,
                measures=hd.measures,
                budget_amount=hd.budget_amount,
                deadline=hd.deadline,
                contingency_plan=hd.contingency_plan,
            )


class RequestAcceptanceForm(VersionMixin):
    note = forms.CharField(label=_("what was done"), widget=forms.Textarea(attrs={"rows": 3}))
    after_photos = PhotosField(label=_("photos after the rectification"))


class NoteForm(VersionMixin):
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(VersionMixin):
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}))


class ExplainForm(VersionMixin):
    explanation = forms.CharField(label=_("why the deadline was missed"), widget=forms.Textarea(attrs={"rows": 3}))


class ExtensionForm(forms.Form):
    requested_deadline = BoundedDateField(label=_("new deadline"), widget=DateInput)
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}))


class ExtensionDecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("decision"),
        coerce=lambda v: v == "1",
        choices=[("1", _("Approve")), ("0", _("Refuse"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class GovernancePlanForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = GovernancePlan
        fields = [
            "goals_and_tasks",
            "methods_and_measures",
            "funds_and_materials",
            "organisation_and_people",
            "time_limit_and_requirements",
            "safety_and_emergency",
            "current_state_and_cause",
            "harm_and_difficulty",
            "authority",
            "reported_to_authority_on",
            "authority_reference",
        ]
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in fields[:8]}
        widgets["reported_to_authority_on"] = DateInput

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version


class SupervisionForm(forms.Form):
    on = BoundedDateField(label=_("date"), widget=DateInput, initial=timezone.localdate)
    note = forms.CharField(label=_("finding"), widget=forms.Textarea(attrs={"rows": 3}))


# The form of each step of the closed loop (the page renders it; the view passes it to the service).
STEP_FORMS = {
    "assess": AssessForm,
    "assign": AssignForm,
    "start": NoteForm,
    "request_acceptance": RequestAcceptanceForm,
    "accept": NoteForm,
    "reject": ReasonForm,
    "close": NoteForm,
    "explain": ExplainForm,
    "extend": ExtensionForm,
    "supervise": SupervisionForm,
}

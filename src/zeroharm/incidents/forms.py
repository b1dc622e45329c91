"""Forms of the incident pages: the phone report (four fields), completing the record, people, investigation."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zeroharm.core.forms import (
    BoundedDateField,
    DateInput,
    DateTimeInput,
    PhotosField,
    ScopedChoicesMixin,
    ScopedForm,
    ScopedModelForm,
    UnitChoiceField,
    VersionMixin,
)
from zeroharm.core.roles import Action
from zeroharm.core.scoping import ORG_STEPLEN, subtree_unit_ids, units_for
from zeroharm.incidents.choices import (
    CauseFactor,
    CauseLevel,
    CauseType,
    FindingKind,
    FirstAid,
    Gate,
    IncidentKind,
    PersonRole,
)
from zeroharm.incidents.models import Incident, InvolvedPerson
from zeroharm.org.models import Person

__all__ = [
    "ReportForm",
    "IncidentForm",
    "PersonForm",
    "TimelineForm",
    "CauseForm",
    "WhyForm",
    "FindingForm",
    "LessonSessionForm",
    "GateForm",
    "AuthorityReportForm",
    "FilesForm",
    "InvestigationStartForm",
]


class ReportForm(ScopedForm):
    """At most four required fields: what kind, which unit, when, what happened. Photos optional."""

    kind = forms.ChoiceField(label=_("what kind of event"), choices=IncidentKind.choices, widget=forms.RadioSelect)
    unit = UnitChoiceField(queryset=None, label=_("unit"))
    occurred_at = forms.DateTimeField(
        label=_("when it happened"),
        widget=DateTimeInput,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
    )
    description = forms.CharField(
        label=_("what happened"),
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("In your own words: what was done, what went wrong, who was hurt."),
    )
    location = forms.CharField(label=_("where"), max_length=200, required=False)
    photos = PhotosField(label=_("photos"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["unit"].queryset = units_for(user, Incident.scope_area, Action.ADD).filter(is_archived=False)
        if not self.is_bound:
            self.initial.setdefault("occurred_at", timezone.localtime().replace(second=0, microsecond=0))


def _people_near(unit):
    """People of the workshop (or the unit itself when higher) the incident is in: a bounded list."""
    base = unit.path[: min(unit.depth, 3) * ORG_STEPLEN]
    return (
        Person.objects.filter(unit__in=subtree_unit_ids(base), is_archived=False)
        .select_related("unit")
        .order_by("unit__path", "name")
    )


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} · {obj.employee_no} · {obj.unit.name}"


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} · {obj.employee_no} · {obj.unit.name}"


class IncidentForm(ScopedModelForm):
    """Completing the record later: everything but the computed figures."""

    investigation_lead = PersonChoiceField(
        queryset=Person.objects.none(), required=False, label=_("investigation lead")
    )
    investigation_team = PeopleChoiceField(
        queryset=Person.objects.none(),
        required=False,
        label=_("investigation team"),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    class Meta:
        model = Incident
        fields = [
            "kind",
            "unit",
            "occurred_at",
            "time_unknown",
            "description",
            "location",
            "risk_point",
            "category",
            "shift",
            "agent",
            "event_type",
            "direct_loss",
            "immediate_actions",
            "witnesses",
            "lessons_learned",
            "investigation_lead",
            "investigation_team",
            "import_review",
        ]
        widgets = {
            "occurred_at": DateTimeInput,
            "description": forms.Textarea(attrs={"rows": 5}),
            "immediate_actions": forms.Textarea(attrs={"rows": 3}),
            "witnesses": forms.Textarea(attrs={"rows": 2}),
            "lessons_learned": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        incident = self.instance
        self.fields["occurred_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
        people = _people_near(incident.unit)
        self.fields["investigation_lead"].queryset = people
        self.fields["investigation_team"].queryset = people
        self.fields["risk_point"].queryset = (
            self.fields["risk_point"]
            .queryset.filter(
                unit__in=subtree_unit_ids(incident.unit.path[: min(incident.unit.depth, 3) * ORG_STEPLEN]),
                is_archived=False,
            )
            .order_by("name")
        )
        self.fields["shift"].help_text = _("Left empty, it follows the time of day.")


class PersonForm(ScopedChoicesMixin, VersionMixin, forms.ModelForm):
    treatments = forms.MultipleChoiceField(
        label=_("first aid given"),
        choices=FirstAid.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "The closed OSHA first-aid list. Anything else (sutures, "
            "prescription medicine, rigid splints…) is medical "
            "treatment: tick the box below."
        ),
    )
    person = PersonChoiceField(queryset=Person.objects.none(), required=False, label=_("employee"))

    class Meta:
        model = InvolvedPerson
        fields = [
            "role",
            "person",
            "name",
            "job_title",
            "age",
            "tenure_months",
            "daily_supervised",
            "outcome",
            "nature",
            "body_part",
            "injury_text",
            "is_illness",
            "case_type",
            "work_related",
            "new_case",
            "days_away",
            "restricted_days",
            "treatments",
            "medical_treatment",
            "loss_of_consciousness",
            "significant_diagnosis",
            "contaminated_sharps",
            "hospitalized",
            "amputation",
            "eye_loss",
            "date_of_death",
            "privacy_reason",
            "physician",
            "treatment_facility",
            "emergency_room",
            "began_work_at",
            "doing_before",
            "object_substance",
        ]
        widgets = {
            "date_of_death": DateInput,
            "began_work_at": forms.TimeInput(attrs={"type": "time"}),
            "doing_before": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, incident: Incident, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = _people_near(incident.unit)
        self.fields["role"].initial = PersonRole.EMPLOYEE
        if self.instance.pk and self.instance.is_privacy_case:
            # A privacy case's name is kept on the confidential list only: never echoed into a page.
            self.fields["person"].widget = forms.HiddenInput()
            self.initial["name"] = ""
            self.fields["name"].help_text = _("Privacy case: the name is kept confidential. Leave empty to keep it.")


class InvestigationStartForm(ScopedForm, VersionMixin):
    lead = PersonChoiceField(queryset=Person.objects.none(), label=_("investigation lead"))
    team = PeopleChoiceField(queryset=Person.objects.none(), required=False, label=_("investigation team"))

    def __init__(self, *args, incident: Incident, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = _people_near(incident.unit)
        self.fields["team"].queryset = _people_near(incident.unit)


class TimelineForm(forms.Form):
    at = forms.DateTimeField(label=_("time"), widget=DateTimeInput, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    text = forms.CharField(label=_("what happened then"), max_length=500)


class CauseForm(forms.Form):
    level = forms.ChoiceField(label=_("level"), choices=CauseLevel.choices)
    factor = forms.ChoiceField(label=_("factor"), choices=CauseFactor.choices)
    cause_type = forms.ChoiceField(label=_("type"), choices=CauseType.choices)
    description = forms.CharField(label=_("cause"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class WhyForm(forms.Form):
    """The 5-why chain, asked of the event: each answer is the reason for the one above."""

    def __init__(self, *args, answers=(), **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(1, 6):
            self.fields[f"why{i}"] = forms.CharField(
                label=_("Why? (%(n)s)") % {"n": i},
                max_length=500,
                required=i == 1,
                initial=answers[i - 1] if len(answers) >= i else "",
            )

    def answers(self) -> list[str]:
        return [self.cleaned_data.get(f"why{i}", "") for i in range(1, 6)]


class FindingForm(ScopedForm):
    person = PersonChoiceField(queryset=Person.objects.none(), required=False, label=_("person"))
    name = forms.CharField(label=_("name (if not in the register)"), max_length=80, required=False)
    responsibility = forms.CharField(label=_("responsibility"), max_length=500)
    kind = forms.ChoiceField(label=_("dealt with by"), choices=FindingKind.choices)
    decided_on = BoundedDateField(label=_("decided on"), widget=DateInput)
    note = forms.CharField(label=_("note"), max_length=500, required=False)

    def __init__(self, *args, incident: Incident, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = _people_near(incident.unit)


class LessonSessionForm(forms.Form):
    held_on = BoundedDateField(label=_("held on"), widget=DateInput)
    attendees = forms.IntegerField(label=_("attendees"), min_value=1, max_value=100000)
    topic = forms.CharField(label=_("topic"), max_length=300)


class GateForm(forms.Form):
    gate = forms.ChoiceField(label=_("gate"), choices=Gate.choices, widget=forms.HiddenInput)
    evidence = forms.CharField(
        label=_("evidence"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What shows that this gate holds: the report, the decision, the verification, the session."),
    )


class AuthorityReportForm(VersionMixin):
    at = forms.DateTimeField(
        label=_("reported at"), widget=DateTimeInput, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d] or single(None, initial)
        return [single(data, initial)]


class FilesForm(forms.Form):
    files = MultipleFileField(
        label=_("files"), help_text=_("Photos, PDF, Word, Excel or MP4; up to 10 files of 20 MB.")
    )
    description = forms.CharField(label=_("description"), max_length=200, required=False)


class CaseStudyForm(forms.ModelForm):
    class Meta:
        from zeroharm.incidents.models import CaseStudy

        model = CaseStudy
        fields = ["title", "category", "kind", "summary", "causes", "lessons", "measures"]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in ("summary", "causes", "lessons", "measures")}

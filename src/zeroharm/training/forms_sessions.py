"""Forms of the sessions area: a session, inviting people, a tick, a code typed on a phone."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zeroharm.core.forms import DateTimeInput, ScopedForm, ScopedModelForm, UnitChoiceField, VersionMixin
from zeroharm.core.roles import Action
from zeroharm.core.scoping import units_for
from zeroharm.org.forms import EmployeeNumberField, EmployeeNumbersField
from zeroharm.org.models import OrgUnit, Person, Position
from zeroharm.training.models import Course, TrainingSession
from zeroharm.training.services.attendance import TRAINER_MARKS

__all__ = ["SessionForm", "InviteForm", "MarkForm", "TypedCodeForm", "LessonSessionForm"]

TRAINER_HELP = _("Employee number of one of our people; or leave empty and name an outside trainer below.")


class SessionForm(ScopedModelForm):
    trainer = EmployeeNumberField(label=_("trainer"), required=False, help_text=TRAINER_HELP)

    class Meta:
        model = TrainingSession
        fields = [
            "course",
            "unit",
            "trainer",
            "trainer_name",
            "place",
            "starts_at",
            "ends_at",
            "capacity",
            "late_after_minutes",
            "note",
        ]
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["course"].queryset = Course.objects.filter(is_archived=False).order_by("code")
        self.fields["trainer"].queryset = Person.objects.filter(is_archived=False)
        if self.instance.trainer_id and not self.is_bound:
            self.initial["trainer"] = self.instance.trainer.employee_no


class InviteForm(ScopedForm):
    """Planned attendees: everyone of a unit's subtree, everyone in a position, and people by hand (together)."""

    scope_area = "training"
    unit = UnitChoiceField(
        queryset=OrgUnit.objects.filter(is_archived=False),
        required=False,
        label=_("everyone of a unit (and below)"),
    )
    position = forms.ModelChoiceField(
        queryset=Position.objects.all(), required=False, label=_("everyone in a position")
    )
    people = EmployeeNumbersField(label=_("people by employee number"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["people"].queryset = Person.objects.filter(is_archived=False)

    def scope_choices(self):
        super().scope_choices()
        # Invitees are people the user may see, in any unit of theirs: not only where they may add training.
        self.fields["unit"].queryset = units_for(self.user, "people", Action.VIEW).filter(is_archived=False)

    def clean(self):
        data = super().clean()
        if not (data.get("unit") or data.get("position") or data.get("people")):
            raise forms.ValidationError(_("Choose a unit, a position or people to invite."))
        return data


class MarkForm(VersionMixin):
    attendance = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    status = forms.ChoiceField(choices=[(s.value, s.label) for s in TRAINER_MARKS])


class HoldForm(VersionMixin, ScopedForm):
    """Mark held; for a course without an exam, the trainer may record the on-site assessment (a written test on
    paper, a practical test): everyone present passed except the names ticked as failed."""

    assessed_on_site = forms.BooleanField(
        label=_("assessed on site"),
        required=False,
        help_text=_("Everyone present sat a written or practical test at the end. Only for a course with no exam."),
    )
    failed = forms.ModelMultipleChoiceField(
        queryset=Person.objects.none(),
        required=False,
        label=_("did not pass the on-site assessment"),
        widget=forms.CheckboxSelectMultiple,
    )

    scope_area = "training"

    def __init__(self, *args, session, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        # Only the session's own list (then cut to the user's scope, as every choice): a name from elsewhere is not
        # a choice.
        self.fields["failed"].queryset = Person.objects.filter(training_attendances__session=session).order_by("name")

    def clean(self):
        data = super().clean()
        if data.get("failed") and not data.get("assessed_on_site"):
            self.add_error("failed", _("Tick “assessed on site” to record who did not pass."))
        return data


class TypedCodeForm(forms.Form):
    code = forms.CharField(
        label=_("the session's code"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "pattern": "[0-9]{6}"}),
    )


class LessonSessionForm(ScopedForm):
    """One step from an incident's (or a case's) lessons to a course and a session teaching them."""

    scope_area = "training"
    title = forms.CharField(label=_("course title"), max_length=200)
    hours = forms.DecimalField(label=_("hours (学时)"), min_value=0, max_digits=5, decimal_places=1, initial=1)
    unit = UnitChoiceField(queryset=OrgUnit.objects.filter(is_archived=False), label=_("organised by"))
    place = forms.CharField(label=_("place"), max_length=200)
    starts_at = forms.DateTimeField(label=_("starts"), widget=DateTimeInput())
    ends_at = forms.DateTimeField(label=_("ends"), widget=DateTimeInput())
    trainer_name = forms.CharField(label=_("trainer"), max_length=120)
    invite_unit = forms.BooleanField(label=_("invite everyone of the unit (and below)"), required=False, initial=True)

"""Forms of the briefing: the leader's edits, the day's tasks, what was handed over, the roster's marks, closing
with a signature, and the member's sign-in (their checks, their confirmation, the question)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zeroharm.core import uploads
from zeroharm.core.forms import ScopedForm, VersionMixin
from zeroharm.org.models import Person
from zeroharm.risks import selectors as risks
from zeroharm.teams.choices import FitnessDecision, SignInStatus
from zeroharm.teams.forms_procedures import PasswordField

__all__ = [
    "BriefingEditForm",
    "TaskForm",
    "TaskFormSet",
    "HandoverForm",
    "MarkForm",
    "DecideForm",
    "CloseForm",
    "ChecksMixin",
    "SignInForm",
    "ProxyForm",
    "YES_NO",
]

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class BriefingEditForm(VersionMixin):
    warnings = forms.CharField(
        label=_("weather and seasonal warnings"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    carried_over = forms.CharField(
        label=_("carried over from the last shift"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    notes = forms.CharField(
        label=_("leader's notes"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    carry_on = forms.CharField(
        label=_("left for the next shift"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    question = forms.CharField(
        label=_("question on the rule of the day"),
        required=False,
        max_length=300,
        help_text=_("Optional: each member answers it when signing in."),
    )
    options = forms.CharField(
        label=_("answers offered, one per line"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    right = forms.IntegerField(label=_("the right answer's line"), required=False, min_value=1)
    photo = forms.ImageField(label=_("photo of the briefing"), required=False)

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        return uploads.image_clean(photo, field=None).file if photo else None

    def clean(self):
        data = super().clean()
        options = [line.strip() for line in (data.get("options") or "").splitlines() if line.strip()]
        data["question_options"] = options
        data["question_answer"] = (data["right"] - 1) if data.get("right") else None
        return data

    def changes(self) -> dict:
        data = self.cleaned_data
        fields = ("warnings", "carried_over", "notes", "carry_on", "question", "question_options", "question_answer")
        changes = {name: data[name] for name in fields}
        if data.get("photo"):
            changes["photo"] = data["photo"]  # a new photo replaces the last; none sent keeps it
        return changes


class TaskForm(ScopedForm):
    description = forms.CharField(label=_("task"), max_length=300)
    risk_point = forms.ModelChoiceField(label=_("risk point"), queryset=None, required=False)
    measures = forms.CharField(
        label=_("safety points and measures"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    people = forms.ModelMultipleChoiceField(
        label=_("assigned to"), queryset=Person.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, user, team, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["risk_point"].queryset = risks.points_for(team)
        self.fields["people"].queryset = Person.objects.filter(
            unit__path__startswith=team.path, status="active", is_archived=False
        ).order_by("name")


class _TaskFormSet(forms.BaseFormSet):
    def __init__(self, *args, user, team, **kwargs):
        self.user, self.team = user, team
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"user": self.user, "team": self.team}


TaskFormSet = forms.formset_factory(
    TaskForm, formset=_TaskFormSet, extra=2, can_delete=True, max_num=30, validate_max=True
)


class HandoverForm(VersionMixin):
    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        for key, text in items:
            self.fields[f"h_{key}"] = forms.BooleanField(label=text, required=False)

    def ticked(self) -> dict:
        return {name[2:]: value for name, value in self.cleaned_data.items() if name.startswith("h_")}


class MarkForm(VersionMixin):
    attendance = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(
        choices=[(SignInStatus.ABSENT, SignInStatus.ABSENT.label), (SignInStatus.EXCUSED, SignInStatus.EXCUSED.label)]
    )


class DecideForm(VersionMixin):
    attendance = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(label=_("today"), choices=[c for c in FitnessDecision.choices if c[0]])


class CloseForm(VersionMixin):
    password = PasswordField()


class ChecksMixin(forms.Form):
    """One yes/no per person check of the team's checklist (`check_<key>`)."""

    def add_checks(self, items) -> None:
        for key, text in items:
            self.fields[f"check_{key}"] = forms.ChoiceField(label=text, choices=YES_NO, widget=forms.RadioSelect)

    def checks(self) -> dict:
        return {n[6:]: v == "yes" for n, v in self.cleaned_data.items() if n.startswith("check_")}


class SignInForm(ChecksMixin):
    code = forms.CharField(
        label=_("code on the leader's screen"),
        required=False,
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    heard = forms.BooleanField(label=_("I heard and understood the rules of the day"), required=True)

    def __init__(self, *args, items, question=None, options=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.add_checks(items)
        if question:
            self.fields["answer"] = forms.TypedChoiceField(
                label=question, choices=list(enumerate(options)), coerce=int, widget=forms.RadioSelect
            )


class ProxyForm(ChecksMixin, VersionMixin):
    attendance = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_checks(items)

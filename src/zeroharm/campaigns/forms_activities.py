"""Forms of a campaign's activities (with photos), statements and commitments: every unit and person offered is
one the user may choose (core.forms)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zeroharm.campaigns.models import Activity, Commitment, Statement
from zeroharm.campaigns.services.activities import EXAM
from zeroharm.core.evidence import evidence_kinds, search_evidence
from zeroharm.core.forms import BoundedDateField, DateInput, PhotosField, ScopedModelForm, VersionMixin

__all__ = ["ActivityForm", "StatementForm", "CommitmentForm", "CommitmentDoneForm"]


class ActivityForm(ScopedModelForm):
    held_on = BoundedDateField(label=_("held on"), widget=DateInput)
    exam = forms.TypedChoiceField(
        label=_("the contest's exam"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("A knowledge contest run as an exam of the training app: its participants are those who sat it."),
    )
    photos = PhotosField(label=_("photos"))

    class Meta:
        model = Activity
        fields = ["unit", "kind", "title", "held_on", "participants", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, period=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["participants"].required = False
        self.fields["participants"].help_text = _("Counted from the exam when the contest cites one.")
        # The newest exams the user may cite, opened within the campaign's `period`; the service checks the one
        # posted against the activity's unit and the period.
        exams = search_evidence(user, EXAM, "", during=period)
        kind = evidence_kinds[EXAM]
        self.fields["exam"].choices = [("", "—")] + [(e.pk, kind.describe(e)) for e in exams]

    def activity_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class StatementForm(ScopedModelForm):
    class Meta:
        model = Statement
        fields = ["unit", "speaker", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["speaker"].queryset = self.fields["speaker"].queryset.filter(status="active").select_related("unit")


class CommitmentForm(ScopedModelForm):
    due_on = BoundedDateField(label=_("due on"), widget=DateInput)

    class Meta:
        model = Commitment
        fields = ["text", "owner", "due_on"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["owner"].queryset = self.fields["owner"].queryset.filter(status="active").select_related("unit")


class CommitmentDoneForm(VersionMixin):
    day = BoundedDateField(label=_("kept on"), widget=DateInput)

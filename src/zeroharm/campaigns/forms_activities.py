"""Forms of a campaign's activities (with photos), statements and commitments: every unit and person offered is
one the user may choose (core.forms)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zeroharm.campaigns.models import Activity, Commitment, Statement
from zeroharm.core.forms import BoundedDateField, DateInput, PhotosField, ScopedModelForm, VersionMixin

__all__ = ["ActivityForm", "StatementForm", "CommitmentForm", "CommitmentDoneForm"]


class ActivityForm(ScopedModelForm):
    held_on = BoundedDateField(label=_("held on"), widget=DateInput)
    photos = PhotosField(label=_("photos"))

    class Meta:
        model = Activity
        fields = ["unit", "kind", "title", "held_on", "participants", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

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

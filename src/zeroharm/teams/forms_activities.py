"""Forms of team safety activities: the plan (add and edit), holding it (minutes, attendees, a photo) and cancelling
it (the reason)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zeroharm.core import uploads
from zeroharm.core.forms import BoundedDateField, DateInput, ScopedForm, ScopedModelForm, VersionMixin
from zeroharm.org.choices import UnitKind
from zeroharm.org.models import Person
from zeroharm.teams.models import TeamActivity
from zeroharm.teams.services.activities import MAX_REASON, team_members

__all__ = ["ActivityForm", "HoldForm", "CancelForm"]


class ActivityForm(ScopedModelForm):
    """The plan: a team the user may add (or, editing, change) records in, the kind, the day, the topic and the
    material."""

    unit_fields = ("team",)

    class Meta:
        model = TeamActivity
        fields = ["team", "kind", "planned_on", "topic", "material"]
        field_classes = {"planned_on": BoundedDateField}
        widgets = {"planned_on": DateInput(), "material": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        team = self.fields["team"]
        team.queryset = team.queryset.filter(kind=UnitKind.TEAM).order_by("path")


class AttendeesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} · {obj.employee_no}"


class HoldForm(ScopedForm, VersionMixin):
    scope_area = "teams"
    held_on = BoundedDateField(label=_("held on"), widget=DateInput())
    attendees = AttendeesField(
        label=_("attendees"), queryset=Person.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    minutes = forms.CharField(
        label=_("minutes"),
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What was discussed and decided; the follow-up actions are raised from the activity's page."),
    )
    photo = forms.ImageField(label=_("photo"), required=False)

    def __init__(self, *args, user, activity: TeamActivity, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["attendees"].queryset = team_members(activity.team).order_by("name", "id")
        if not self.is_bound:
            self.initial["held_on"] = min(activity.planned_on, timezone.localdate())

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        return uploads.image_clean(photo, field=None).file if photo else None


class CancelForm(VersionMixin):
    reason = forms.CharField(
        label=_("why it is cancelled"), max_length=MAX_REASON, widget=forms.Textarea(attrs={"rows": 2})
    )

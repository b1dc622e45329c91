"""The monitor's observation form (a phone form: what, who, which clause, a photo) and the leader's verification."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zeroharm.core import uploads
from zeroharm.core.forms import DateTimeInput, ScopedForm
from zeroharm.org.forms import EmployeeNumberField
from zeroharm.org.models import Person
from zeroharm.teams.choices import ObservationKind, ViolationType
from zeroharm.teams.models import Clause
from zeroharm.teams.selectors.procedures import team_procedures

__all__ = ["ObservationForm"]


class ClauseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.version.procedure.code} · {obj.number} {obj.text[:60]}"


class ObservationForm(ScopedForm):
    scope_area = "teams"
    kind = forms.ChoiceField(label=_("what was seen"), choices=ObservationKind.choices, widget=forms.RadioSelect)
    violation_type = forms.ChoiceField(
        label=_("violation"), choices=[("", "—"), *ViolationType.choices], required=False
    )
    person = EmployeeNumberField(label=_("person (employee number)"), required=False)
    clause = ClauseChoiceField(label=_("clause broken"), queryset=Clause.objects.none(), required=False)
    description = forms.CharField(label=_("what happened"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    photo = forms.ImageField(label=_("photo"), required=False)
    corrected = forms.BooleanField(label=_("corrected on the spot"), required=False)
    coached = forms.BooleanField(label=_("the person was coached"), required=False)
    observed_at = forms.DateTimeField(
        label=_("when"), required=False, widget=DateTimeInput(), help_text=_("Leave empty for now.")
    )

    def __init__(self, *args, user, team, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(unit__path__startswith=team.path, is_archived=False)
        self.fields["clause"].queryset = (
            Clause.objects.filter(version__procedure__in=team_procedures(team).values("pk"))
            .filter(version__status="in_force")
            .select_related("version__procedure")
            .order_by("version__procedure__code", "position")
        )

    def scope_choices(self):
        """The people offered are the team's members, for its monitor too: the monitor, often an employee who reads
        only their own record, is entitled to name the members of the team they watch (the view lets only those
        who may observe the team reach this form; the service checks membership again). Everything else is cut to
        the user's scope as usual."""
        members = self.fields["person"].queryset
        super().scope_choices()
        self.fields["person"].queryset = members

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        return uploads.image_clean(photo, field=None).file if photo else None

    def observation_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k != "photo"}
        if self.cleaned_data.get("photo"):
            data["photo"] = self.cleaned_data["photo"]
        return data

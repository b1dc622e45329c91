"""Forms of a team's settings, the checklist's items and the workshops' warnings."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zeroharm.core.forms import DateInput, ScopedModelForm
from zeroharm.org.forms import EmployeeNumberField
from zeroharm.org.models import Person
from zeroharm.teams.models import CheckItem, ShiftWarning, TeamProfile

__all__ = ["TeamProfileForm", "CheckItemForm", "ShiftWarningForm"]


class TeamProfileForm(ScopedModelForm):
    leader = EmployeeNumberField(label=_("team leader"), required=False)
    monitor = EmployeeNumberField(label=_("team safety monitor"), required=False)

    class Meta:
        model = TeamProfile
        fields = [
            "leader",
            "monitor",
            "briefing_time",
            "briefing_minutes",
            "weekdays",
            "briefings_from",
            "rotation_days",
        ]
        widgets = {"briefings_from": DateInput()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        members = Person.objects.filter(unit__path__startswith=self.instance.unit.path, is_archived=False)
        for name in ("leader", "monitor"):
            self.fields[name].queryset = members
            person = getattr(self.instance, name)
            if person is not None and not self.is_bound:
                self.initial[name] = person.employee_no


class CheckItemForm(ScopedModelForm):
    class Meta:
        model = CheckItem
        fields = ["unit", "kind", "text", "position"]


class ShiftWarningForm(ScopedModelForm):
    class Meta:
        model = ShiftWarning
        fields = ["unit", "text", "starts_on", "ends_on"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}

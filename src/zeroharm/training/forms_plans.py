"""Forms of the annual training plans and their lines."""

from __future__ import annotations

from django import forms

from zeroharm.core.forms import ScopedModelForm
from zeroharm.training.models import PlanLine, TrainingPlan

__all__ = ["PlanForm", "PlanLineForm"]


class PlanForm(ScopedModelForm):
    class Meta:
        model = TrainingPlan
        fields = ["unit", "year", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}


class PlanLineForm(ScopedModelForm):
    """A line of a plan: the course (any the user may see), who, when, how many, and its budget."""

    unit_fields = ()

    class Meta:
        model = PlanLine
        fields = ["course", "target_group", "positions", "month", "planned_people", "planned_sessions", "budget"]
        widgets = {"positions": forms.CheckboxSelectMultiple}

    def __init__(self, *args, user, plan=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.plan = plan or getattr(self.instance, "plan", None)
        self.fields["course"].queryset = self.fields["course"].queryset.filter(is_archived=False)

    def _post_clean(self):
        if self.plan is not None:
            self.instance.plan = self.plan
        super()._post_clean()

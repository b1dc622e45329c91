"""The group's scoring rules as a form: one number per weight (the defaults shown), and the five star thresholds."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zeroharm.core.forms import ScopedModelForm
from zeroharm.core.roles import Action
from zeroharm.core.scoping import units_for
from zeroharm.teams.models import ScoringRules
from zeroharm.teams.rules.scoring import DEFAULT_STARS, DEFAULT_WEIGHTS

__all__ = ["ScoringRulesForm", "WEIGHT_LABELS"]

WEIGHT_LABELS = {
    "missed_briefing": _("points off per briefing not held"),
    "late_briefing": _("points off per briefing held late"),
    "attendance": _("points off for a roster wholly absent (in proportion)"),
    "questions": _("points off for answers all wrong (in proportion)"),
    "missed_activity": _("points off per safety activity not held"),
    "hazard_found": _("points per hidden danger reported"),
    "hazard_found_cap": _("at most, for hidden dangers reported"),
    "hazard_late": _("points off per hidden danger rectified late"),
    "near_miss": _("points per near miss reported"),
    "near_miss_cap": _("at most, for near misses reported"),
    "violation": _("points off per violation found by others"),
    "own_finding": _("points per violation the team's monitor found"),
    "own_finding_cap": _("at most, for the monitor's findings"),
    "injury": _("points off per injury"),
    "veto_serious": _("a serious injury or death makes the month 0 (1: yes, 0: no)"),
    "uncleared": _("points off for no member cleared to work (in proportion)"),
}


class ScoringRulesForm(ScopedModelForm):
    stars_text = forms.CharField(
        label=_("star thresholds"),
        help_text=_("The lowest yearly score for 1, 2, 3, 4 and 5 stars, separated by commas."),
        initial=", ".join(str(n) for n in DEFAULT_STARS),
    )

    class Meta:
        model = ScoringRules
        fields = ["unit"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if "unit" in self.fields:  # only where the user approves: the rules a unit's teams are scored by
            self.fields["unit"].queryset = units_for(user, "teams", Action.APPROVE).filter(is_archived=False)
        current = {**DEFAULT_WEIGHTS, **(self.instance.weights or {})}
        for key, label in WEIGHT_LABELS.items():
            self.fields[f"w_{key}"] = forms.IntegerField(
                label=label, min_value=0, max_value=1 if key == "veto_serious" else 100, initial=current[key]
            )
        if self.instance.stars:
            self.fields["stars_text"].initial = ", ".join(str(n) for n in self.instance.stars)

    def clean_stars_text(self):
        parts = [p.strip() for p in self.cleaned_data["stars_text"].replace("，", ",").split(",") if p.strip()]
        try:
            values = [int(p) for p in parts]
        except ValueError:
            raise forms.ValidationError(_("Give five whole numbers.")) from None
        if len(values) != 5 or values != sorted(values) or not all(0 <= v <= 100 for v in values):
            raise forms.ValidationError(_("Give five rising numbers from 0 to 100, one for each star."))
        return values

    def model_data(self):
        data, m2m = super().model_data()
        data["weights"] = {key: self.cleaned_data[f"w_{key}"] for key in WEIGHT_LABELS}
        data["stars"] = self.cleaned_data["stars_text"]
        return data, m2m

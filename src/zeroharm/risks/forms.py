from decimal import Decimal

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from zeroharm.core import uploads
from zeroharm.core.choices import AccidentCategory
from zeroharm.core.forms import ScopedModelForm
from zeroharm.core.scoping import ORG_STEPLEN, subtree_unit_ids
from zeroharm.core.wording import labelled
from zeroharm.org.forms import EmployeeNumberField
from zeroharm.org.models import Person
from zeroharm.risks import scoring
from zeroharm.risks.choices import RiskColor, Stage
from zeroharm.risks.models import Control, HazardSource, RiskPoint, SitePlan

__all__ = ["RiskPointForm", "HazardSourceForm", "ControlForm", "AssessmentForm", "BandsForm"]


class RiskPointForm(ScopedModelForm):
    class Meta:
        model = RiskPoint
        fields = ["unit", "code", "name", "kind", "location", "description", "emergency_measures", "emergency_phone"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "emergency_measures": forms.Textarea(attrs={"rows": 3}),
        }


class HazardSourceForm(ScopedModelForm):
    unit_fields = ()

    def __init__(self, *args, user, parent=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)

    accident_types = forms.MultipleChoiceField(
        label=_("possible accidents"), choices=AccidentCategory.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = HazardSource
        fields = ["description", "cause_category", "accident_types"]


class ControlForm(ScopedModelForm):
    unit_fields = ()

    owner = EmployeeNumberField(
        label=_("owner"), required=False, help_text=_("Employee number of the person who keeps this control in place.")
    )

    class Meta:
        model = Control
        fields = ["control_type", "description", "owner"]

    def __init__(self, *args, user, parent=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        # The owner works in the same branch as the risk point (or anywhere in the group for group-level points).
        point = parent or (self.instance.risk_point if self.instance.risk_point_id else None)
        people = Person.objects.filter(status="active", is_archived=False)
        if point is not None:
            people = people.filter(unit__in=subtree_unit_ids(point.unit.path[: 2 * ORG_STEPLEN]))
        self.fields["owner"].queryset = people
        if self.instance.owner_id and not self.is_bound:
            self.initial["owner"] = self.instance.owner.employee_no


def _choices(scale):
    return [(str(value), f"{value.normalize():f} — {label}") for value, label in scale]


class AssessmentForm(forms.Form):
    """The factors of one method; the page offers one form per method."""

    stage = forms.ChoiceField(label=_("stage"), choices=Stage.choices, initial=Stage.RESIDUAL)
    likelihood = forms.TypedChoiceField(label=_("likelihood (L)"), coerce=Decimal)
    exposure = forms.TypedChoiceField(label=_("exposure (E)"), coerce=Decimal)
    consequence = forms.TypedChoiceField(label=_("consequence"), coerce=Decimal)
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, method: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.method = method
        l_scale, e_scale, c_scale = scoring.SCALES[method]
        self.fields["likelihood"].choices = _choices(l_scale)
        self.fields["consequence"].choices = _choices(c_scale)
        if e_scale is None:
            del self.fields["exposure"]
        else:
            self.fields["exposure"].choices = _choices(e_scale)
        if method != "lec":
            self.fields["consequence"].label = _("severity (S)") if method == "ls" else _("consequence (C)")


class BandsForm(forms.Form):
    """The lowest score of red, orange and yellow for each method (blue is everything below)."""

    def __init__(self, *args, bands: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for (method, color), (lowest, inclusive) in sorted(bands.items()):
            if color == RiskColor.BLUE:
                continue
            self.fields[f"{method}_{color}"] = forms.DecimalField(
                label=labelled(scoring.Method(method).label, RiskColor(color).label),
                min_value=0,
                max_digits=8,
                decimal_places=2,
                initial=lowest,
            )
            self.fields[f"{method}_{color}_inclusive"] = forms.BooleanField(
                label=_("including that score"), required=False, initial=inclusive
            )

    def clean(self):
        data = super().clean()
        for method in scoring.Method.values:
            red, orange, yellow = (data.get(f"{method}_{c}") for c in ("red", "orange", "yellow"))
            if None not in (red, orange, yellow) and not (red >= orange >= yellow):
                raise forms.ValidationError(
                    _("For each method, red must start at or above orange, and orange at or above yellow.")
                )
        return data

    def bands(self) -> dict:
        result = {}
        for method in scoring.Method.values:
            for color in ("red", "orange", "yellow"):
                result[(method, color)] = (
                    self.cleaned_data[f"{method}_{color}"],
                    self.cleaned_data[f"{method}_{color}_inclusive"],
                )
        return result


class SitePlanForm(ScopedModelForm):
    class Meta:
        model = SitePlan
        fields = ["unit", "title", "image"]
        widgets = {"image": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"})}

    def clean_image(self):
        """A new upload is checked and re-encoded (core.uploads, rule PLAN): it is stored pixel for pixel under a
        generated name, and its size is the plan's, on which risk points sit in percent."""
        image = self.cleaned_data.get("image")
        if not isinstance(image, UploadedFile):  # the file already stored, kept
            return image
        clean = uploads.image_clean(image, rule=uploads.PLAN, field=None)
        self.plan_size = (clean.width, clean.height)
        return clean.file

    def model_data(self):
        data, m2m = super().model_data()
        if hasattr(self, "plan_size"):
            data["width"], data["height"] = self.plan_size
        return data, m2m

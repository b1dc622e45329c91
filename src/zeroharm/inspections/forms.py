from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zeroharm.core.forms import BoundedDateField, ScopedForm, ScopedModelForm
from zeroharm.core.roles import Action, Role
from zeroharm.core.scoping import units_for
from zeroharm.core.uploads import drawing_clean, image_clean
from zeroharm.inspections.models import ChecklistTemplate, InspectionPoint, Outcome, Schedule
from zeroharm.inspections.services import ItemData, ResultData
from zeroharm.org.models import Person

__all__ = ["ChecklistForm", "ItemFormSet", "PointForm", "ScheduleForm", "StartForm", "InspectionDoForm"]


def _usable_checklists(user):
    return ChecklistTemplate.objects.visible_to(user).filter(is_archived=False, current_version__isnull=False)


class ChecklistForm(ScopedModelForm):
    class Meta:
        model = ChecklistTemplate
        fields = ["unit", "name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class ItemForm(forms.Form):
    question = forms.CharField(label=_("question"), max_length=300, required=False)
    guidance = forms.CharField(label=_("how to check"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    reference = forms.CharField(label=_("rule or regulation checked"), max_length=300, required=False)

    def clean(self):
        data = super().clean()
        if not data.get("question", "").strip() and (
            data.get("guidance", "").strip() or data.get("reference", "").strip()
        ):
            raise ValidationError(_("Write the question too, or clear this item."))
        return data


class BaseItemFormSet(forms.BaseFormSet):
    def items(self) -> list[ItemData]:
        rows = []
        for form in self.forms:
            if self.can_delete and self._should_delete_form(form):
                continue
            data = form.cleaned_data
            if data.get("question", "").strip():
                rows.append(ItemData(data["question"], data.get("guidance", ""), data.get("reference", "")))
        return rows

    def clean(self):
        super().clean()
        if not any(self.errors) and not self.items():
            raise ValidationError(_("A checklist needs at least one question."))


ItemFormSet = forms.formset_factory(
    ItemForm, formset=BaseItemFormSet, extra=3, can_delete=True, max_num=100, validate_max=True
)


class PointForm(ScopedModelForm):
    class Meta:
        model = InspectionPoint
        fields = ["unit", "code", "name", "location", "checklist", "risk_point"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["checklist"].queryset = _usable_checklists(user)


class ScheduleForm(ScopedModelForm):
    assignee_role = forms.ChoiceField(
        label=_("or any holder of the role"),
        required=False,
        choices=[("", "—"), *[(r, label) for r, label in Role.choices if r not in (Role.ADMIN, Role.AUDITOR)]],
        help_text=_("Used when no inspector is named."),
    )

    class Meta:
        model = Schedule
        fields = [
            "unit",
            "checklist",
            "point",
            "frequency",
            "assignee",
            "assignee_role",
            "starts_on",
            "ends_on",
            "grace_days",
        ]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
        }
        help_texts = {
            "frequency": _(
                "Seasonal: due on 1 March, 1 June, 1 September and 1 December. Special: once, on the start date."
            )
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["checklist"].queryset = _usable_checklists(user)
        self.fields["point"].queryset = InspectionPoint.objects.visible_to(user).filter(is_archived=False)
        units = units_for(user, "safety", Action.CHANGE if self.instance.pk else Action.ADD)
        self.fields["assignee"].queryset = Person.objects.filter(
            status="active", is_archived=False, unit__in=units.values("pk")
        )

    def clean_starts_on(self):
        starts_on = self.cleaned_data.get("starts_on")
        if starts_on and self.instance.pk is None and starts_on < timezone.localdate():
            raise ValidationError(_("A new schedule starts today or later (past dates would all count as missed)."))
        return starts_on


class StartForm(ScopedForm):
    """An ad-hoc inspection: a checklist, and where (a point, or a unit)."""

    checklist = forms.ModelChoiceField(label=_("checklist"), queryset=ChecklistTemplate.objects.none())
    point = forms.ModelChoiceField(label=_("inspection point"), queryset=InspectionPoint.objects.none(), required=False)
    unit = forms.ModelChoiceField(label=_("or unit"), queryset=None, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        from zeroharm.core.forms import UnitChoiceField

        units = units_for(user, "safety", Action.ADD).filter(is_archived=False)
        self.fields["checklist"].queryset = _usable_checklists(user)
        self.fields["point"].queryset = InspectionPoint.objects.filter(is_archived=False, unit__in=units.values("pk"))
        self.fields["unit"] = UnitChoiceField(queryset=units, required=False, label=_("or unit"))

    def clean(self):
        data = super().clean()
        if not data.get("point") and not data.get("unit"):
            raise ValidationError(_("Choose an inspection point or a unit."))
        return data


OUTCOME_CHOICES = [(Outcome.PASS, _("Pass")), (Outcome.FAIL, _("Fail")), (Outcome.NA, _("N/A"))]


class InspectionDoForm(forms.Form):
    """One group of fields per checklist item: outcome (radio), note, photo, and for a failure an action."""

    note = forms.CharField(
        label=_("note on the whole inspection"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    # The sign-off: the canvas's drawing (a data: URL the page's script fills in) or the typed name.
    signature_drawing = forms.CharField(required=False, widget=forms.HiddenInput)
    signed_name = forms.CharField(label=_("or type your name"), max_length=100, required=False)

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            self.fields[f"outcome_{item.pk}"] = forms.ChoiceField(
                label=item.question,
                choices=OUTCOME_CHOICES,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose pass, fail or not applicable.")},
            )
            self.fields[f"note_{item.pk}"] = forms.CharField(
                label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
            self.fields[f"photo_{item.pk}"] = forms.FileField(
                label=_("photo"),
                required=False,
                widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
            )
            self.fields[f"action_{item.pk}"] = forms.BooleanField(
                label=_("also raise a corrective action"), required=False
            )

    def rows(self):
        """(item, outcome, note, photo, action) bound fields, for the template."""
        return [
            (
                item,
                self[f"outcome_{item.pk}"],
                self[f"note_{item.pk}"],
                self[f"photo_{item.pk}"],
                self[f"action_{item.pk}"],
            )
            for item in self.items
        ]

    def clean(self):
        data = super().clean()
        for item in self.items:
            photo = data.get(f"photo_{item.pk}")
            if photo:
                try:
                    data[f"photo_{item.pk}"] = image_clean(photo, field=None).file
                except ValidationError as exc:
                    self.add_error(f"photo_{item.pk}", exc)
                    continue
            if (
                data.get(f"outcome_{item.pk}") == Outcome.FAIL
                and not (data.get(f"note_{item.pk}") or "").strip()
                and not data.get(f"photo_{item.pk}")
            ):
                self.add_error(
                    f"note_{item.pk}", _("A failed item needs a note or a photo: say or show what is wrong.")
                )
        self._clean_signature(data)
        return data

    def _clean_signature(self, data) -> None:
        drawing = data.get("signature_drawing") or ""
        data["signature"] = None
        if drawing:
            try:
                data["signature"] = drawing_clean(drawing, field=None).file
            except ValidationError as exc:
                self.add_error("signed_name", exc)
                return
        if data["signature"] is None and not (data.get("signed_name") or "").strip():
            self.add_error("signed_name", _("Sign to finish: draw your signature or type your name."))

    def results(self) -> list[ResultData]:
        data = self.cleaned_data
        return [
            ResultData(
                item=item,
                outcome=data[f"outcome_{item.pk}"],
                note=data.get(f"note_{item.pk}") or "",
                photo=data.get(f"photo_{item.pk}") or None,
                raise_action=bool(data.get(f"action_{item.pk}")),
            )
            for item in self.items
        ]


class ComplianceForm(forms.Form):
    start = BoundedDateField(label=_("due from"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = BoundedDateField(label=_("due until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise ValidationError(_("The period ends before it starts."))
        return data

from django import forms
from django.utils.translation import gettext_lazy as _

from zeroharm.core.forms import BoundedDateField, ScopedModelForm, UnitChoiceField
from zeroharm.core.roles import Action
from zeroharm.core.scoping import subtree_unit_ids, units_for
from zeroharm.org.models import ManHours, OrgUnit, Person, Position

__all__ = ["OrgUnitForm", "PositionForm", "PersonForm", "ManHoursForm"]

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EmployeeNumberField(forms.ModelChoiceField):
    """A person typed by employee number: scales to any headcount, unlike a select of everyone."""

    widget = forms.TextInput

    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", {"invalid_choice": _("No person with that employee number in this unit.")})
        super().__init__(queryset=Person.objects.none(), to_field_name="employee_no", **kwargs)


class EmployeeNumbersField(forms.ModelMultipleChoiceField):
    """Several people typed as employee numbers separated by commas or spaces."""

    widget = forms.TextInput

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "error_messages",
            {
                "invalid_choice": _("%(value)s is not an employee number of this unit."),
            },
        )
        super().__init__(queryset=Person.objects.none(), to_field_name="employee_no", **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = [v for v in value.replace(",", " ").split() if v]
        return super().to_python(value)

    def clean(self, value):
        if isinstance(value, str):
            value = [v for v in value.replace(",", " ").split() if v]
        return super().clean(value)


class OrgUnitForm(ScopedModelForm):
    unit_fields = ()
    parent = UnitChoiceField(queryset=OrgUnit.objects.none(), label=_("Belongs to"), required=False)
    principal = EmployeeNumberField(
        label=_("first responsible person"),
        required=False,
        help_text=_("Employee number of a person in this unit or under it."),
    )
    safety_officers = EmployeeNumbersField(
        label=_("safety officers"), required=False, help_text=_("Employee numbers, separated by commas.")
    )

    class Meta:
        model = OrgUnit
        fields = ["parent", "code", "name", "kind", "principal", "safety_officers"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        unit = self.instance
        if unit.pk:
            del self.fields["parent"]
            # The principal and officers are people of the unit's own subtree.
            subtree = Person.objects.filter(unit__in=subtree_unit_ids(unit.path))
            self.fields["principal"].queryset = subtree
            self.fields["safety_officers"].queryset = subtree
            if not self.is_bound:
                self.initial["principal"] = unit.principal.employee_no if unit.principal_id else ""
                self.initial["safety_officers"] = ", ".join(p.employee_no for p in unit.safety_officers.all())
        else:
            self.fields["parent"].queryset = units_for(user, "org", Action.ADD).filter(is_archived=False)
            self.fields["parent"].required = not user.is_superuser
            del self.fields["principal"]
            del self.fields["safety_officers"]


class PositionForm(ScopedModelForm):
    unit_fields = ()

    class Meta:
        model = Position
        fields = ["code", "name", "is_special_operation", "is_high_risk", "description"]


class PersonForm(ScopedModelForm):
    class Meta:
        model = Person
        fields = [
            "employee_no",
            "name",
            "unit",
            "position",
            "employment_type",
            "hire_date",
            "birth_date",
            "sex",
            "phone",
            "status",
        ]
        widgets = {"hire_date": DATE_WIDGET, "birth_date": DATE_WIDGET}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["position"].queryset = Position.objects.filter(is_archived=False)


class ManHoursForm(ScopedModelForm):
    month = BoundedDateField(
        label=_("month"),
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        input_formats=["%Y-%m", "%Y-%m-%d"],
    )

    class Meta:
        model = ManHours
        fields = ["unit", "month", "hours", "average_headcount"]


class KindLabelsForm(forms.Form):
    """Two labels per level of the tree; an empty label keeps the built-in name."""

    def __init__(self, *args, **kwargs):
        from zeroharm.org.choices import UnitKind
        from zeroharm.org.models import UnitKindLabel

        super().__init__(*args, **kwargs)
        current = {label.kind: label for label in UnitKindLabel.objects.all()}
        for kind in UnitKind:
            saved = current.get(kind.value)
            self.fields[f"{kind.value}_en"] = forms.CharField(
                label=_("%(kind)s in English") % {"kind": kind.label},
                max_length=40,
                required=False,
                initial=saved.label_en if saved else "",
            )
            self.fields[f"{kind.value}_zh"] = forms.CharField(
                label=_("%(kind)s in Chinese") % {"kind": kind.label},
                max_length=40,
                required=False,
                initial=saved.label_zh_hans if saved else "",
            )

    def labels(self) -> dict[str, tuple[str, str]]:
        from zeroharm.org.choices import UnitKind

        return {
            k.value: (self.cleaned_data[f"{k.value}_en"].strip(), self.cleaned_data[f"{k.value}_zh"].strip())
            for k in UnitKind
        }

from django import forms
from django.utils.translation import gettext_lazy as _

from zeroharm.actions.models import ActionItem
from zeroharm.core.forms import ScopedModelForm
from zeroharm.org.forms import DATE_WIDGET, EmployeeNumberField
from zeroharm.org.models import Person

__all__ = ["ActionForm", "ActionEditForm", "CompleteForm", "VerifyForm", "CancelForm"]

OWNER_HELP = _("Employee number of the person who will do it (someone of the same branch).")


class ActionForm(ScopedModelForm):
    """Raise an action. With a source record the unit is the source's and is not asked."""

    owner = EmployeeNumberField(label=_("owner"), help_text=OWNER_HELP)

    class Meta:
        model = ActionItem
        fields = ["unit", "title", "kind", "description", "owner", "due_date"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "due_date": DATE_WIDGET}

    def __init__(self, *args, user, source_unit=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["owner"].queryset = Person.objects.filter(is_archived=False).select_related("unit")
        if source_unit is not None:
            del self.fields["unit"]
            self.instance.unit = source_unit


class ActionEditForm(ScopedModelForm):
    """While an action is open: what, details, due date and owner."""

    unit_fields = ()
    owner = EmployeeNumberField(label=_("owner"), help_text=OWNER_HELP)

    class Meta:
        model = ActionItem
        fields = ["title", "description", "owner", "due_date"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "due_date": DATE_WIDGET}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["owner"].queryset = Person.objects.filter(is_archived=False).select_related("unit")
        if self.instance.owner_id and not self.is_bound:
            self.initial["owner"] = self.instance.owner.employee_no


class StepForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class CompleteForm(StepForm):
    note = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class VerifyForm(StepForm):
    effective = forms.TypedChoiceField(
        label=_("Did it work?"),
        coerce=lambda v: v == "yes",
        choices=[("yes", _("Effective")), ("no", _("Not effective: reopen"))],
    )
    note = forms.CharField(
        label=_("How the effect was checked"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class CancelForm(StepForm):
    note = forms.CharField(label=_("Why it is cancelled"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)

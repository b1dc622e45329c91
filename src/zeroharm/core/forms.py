"""Form base for domain records: scoped unit choices and the optimistic-lock version field."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zeroharm.core.roles import Action
from zeroharm.core.scoping import units_for

__all__ = ["ScopedModelForm", "UnitChoiceField", "add_service_errors"]


class UnitChoiceField(forms.ModelChoiceField):
    """Units shown indented by depth, so the tree reads in a plain select."""

    def label_from_instance(self, obj):
        return f"{'  ' * (obj.depth - 1)}{obj.name} · {obj.code}"


class ScopedModelForm(forms.ModelForm):
    """`unit_fields` are limited to the units where the user may add (new) or change (edit) records."""

    unit_fields: tuple[str, ...] = ("unit",)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        editing = self.instance.pk is not None
        action = Action.CHANGE if editing else Action.ADD
        area = self._meta.model.scope_area
        for name in self.unit_fields:
            if name in self.fields:
                field = self.fields[name]
                self.fields[name] = UnitChoiceField(
                    queryset=units_for(user, area, action).filter(is_archived=False),
                    required=field.required, label=field.label, help_text=field.help_text,
                )
        if editing:
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["version"]

    def clean_version(self):
        version = self.cleaned_data.get("version")
        if version is None:
            raise forms.ValidationError(_("The form lost its version; reload the page and try again."))
        return version

    def model_data(self) -> tuple[dict, dict]:
        """Split cleaned data into plain fields and many-to-many sets, for the services."""
        data, m2m = {}, {}
        model_fields = {f.name: f for f in self._meta.model._meta.get_fields()}
        for name, value in self.cleaned_data.items():
            model_field = model_fields.get(name)
            if model_field is None or name == "version":
                continue
            (m2m if model_field.many_to_many else data)[name] = value
        return data, m2m


def add_service_errors(form: forms.Form, exc) -> None:
    """Show a service's ValidationError on the form: on the field it names when the form has it, else on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)

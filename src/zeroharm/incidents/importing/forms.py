"""The forms of the incident import: the upload, and the choice of columns and fixed values."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zeroharm.core.forms import UnitChoiceField
from zeroharm.core.imports import ENCODINGS
from zeroharm.core.imports.dates import DateOrder
from zeroharm.core.roles import Action
from zeroharm.core.scoping import units_for
from zeroharm.incidents.choices import AccidentCategory, IncidentKind
from zeroharm.incidents.importing.mapping import ColumnMapping
from zeroharm.incidents.importing.targets import TARGETS
from zeroharm.incidents.models import ImportMapping, Incident

__all__ = ["UploadForm", "MappingForm", "import_units"]


def import_units(user):
    return units_for(user, Incident.scope_area, Action.IMPORT).filter(is_archived=False)


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File (.xlsx or .csv)"))
    encoding = forms.ChoiceField(
        label=gettext_lazy("Text encoding of a .csv file"),
        choices=ENCODINGS,
        initial="auto",
        help_text=gettext_lazy(
            "Only matters for .csv files; workbooks carry their own. The OSHA files are Windows-1252."
        ),
    )
    mapping = forms.ModelChoiceField(
        label=gettext_lazy("Saved column mapping"),
        queryset=ImportMapping.objects.all(),
        required=False,
        empty_label=gettext_lazy("— none: match the columns by their names —"),
        help_text=gettext_lazy("Fills in the columns and fixed values saved earlier; you can still change them."),
    )


class MappingForm(forms.Form):
    """One select per column slot of each incident field, the fixed values, and an optional name to save under."""

    unit = UnitChoiceField(
        queryset=None,
        label=gettext_lazy("Unit"),
        help_text=gettext_lazy("Every imported incident belongs to this unit."),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind of event, unless a column gives it"),
        choices=IncidentKind.choices,
        initial=IncidentKind.INJURY,
    )
    category = forms.ChoiceField(
        label=gettext_lazy("Accident category, unless a column gives it"),
        required=False,
        choices=[("", "—"), *AccidentCategory.choices],
    )
    date_order = forms.ChoiceField(
        label=gettext_lazy("How the file writes its dates"),
        choices=DateOrder.choices,
        initial=DateOrder.DETECT,
        help_text=gettext_lazy(
            "03/04/2015 is 3 April in most of the world and 4 March in the US. Detected from the dates when a day "
            "above 12 tells; otherwise the preview asks you to choose."
        ),
    )
    save_as = forms.CharField(
        label=gettext_lazy("Save this mapping as"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("Optional. A name to pick it next time; an existing mapping of that name is replaced."),
    )

    FIXED = ("unit", "kind", "category", "date_order", "save_as")  # after the columns, in this order

    def __init__(self, *args, user, headers: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = import_units(user)
        self.headers = headers
        choices = [("", "—"), *[(h, h) for h in dict.fromkeys(h for h in headers if h)]]
        self.slots = []
        for target in TARGETS:
            names = []
            for i in range(target.slots):
                name = f"col__{target.key}__{i}"
                label = target.label if i == 0 else _("%(field)s, column %(n)s") % {"field": target.label, "n": i + 1}
                self.fields[name] = forms.ChoiceField(
                    label=label, choices=choices, required=False, help_text=target.help if i == 0 else ""
                )
                names.append(name)
            self.slots.append((target, [self[n] for n in names]))
        # The fixed values and the name after the columns.
        for name in self.FIXED:
            self.fields[name] = self.fields.pop(name)

    @property
    def fixed_fields(self) -> list:
        return [self[name] for name in self.FIXED]

    @staticmethod
    def initial_for(data: dict) -> dict:
        """The form's initial values from a mapping's JSON (`ColumnMapping.to_json`)."""
        initial = {}
        for target in TARGETS:
            for i, column in enumerate(data.get("columns", {}).get(target.key, [])[: target.slots]):
                initial[f"col__{target.key}__{i}"] = column
        for name in ("unit", "kind", "category"):
            if data.get(name):
                initial[name] = data[name]
        initial["date_order"] = data.get("date_order") or DateOrder.DETECT
        return initial

    def columns(self) -> dict[str, list[str]]:
        result = {}
        for target in TARGETS:
            chosen = [self.cleaned_data.get(f"col__{target.key}__{i}") for i in range(target.slots)]
            chosen = [c for c in chosen if c]
            if chosen:
                result[target.key] = chosen
        return result

    def clean(self):
        cleaned = super().clean()
        for target in TARGETS:
            if target.required and not any(cleaned.get(f"col__{target.key}__{i}") for i in range(target.slots)):
                self.add_error(f"col__{target.key}__0", _("Choose the file's column for this field."))
        return cleaned

    def mapping(self) -> ColumnMapping:
        data = self.cleaned_data
        return ColumnMapping(
            columns=self.columns(),
            unit=data["unit"],
            kind=data["kind"],
            category=data["category"],
            date_order=data["date_order"],
        )

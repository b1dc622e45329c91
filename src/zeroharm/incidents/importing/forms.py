"""The forms of the incident import: the upload, and the choice of columns and fixed values."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from dataclasses import field as dc_field

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zeroharm.core.forms import ScopedForm, UnitChoiceField
from zeroharm.core.imports import ENCODINGS
from zeroharm.core.imports.dates import DateOrder, ValueRefused
from zeroharm.core.wording import bracketed
from zeroharm.incidents.choices import AccidentCategory, IncidentKind, Outcome
from zeroharm.incidents.importing.mapping import ColumnMapping
from zeroharm.incidents.importing.saved import default_owner, import_units, usable_mappings
from zeroharm.incidents.importing.targets import TARGETS, Target
from zeroharm.incidents.importing.values import (
    DEFAULT_EMPTY_VALUES,
    TABLE_TARGETS,
    fold,
    our_choices,
    our_value,
    parse_table_text,
    table_text,
)
from zeroharm.incidents.models import ImportMapping

__all__ = ["UploadForm", "MappingForm", "Slot"]


class UploadForm(ScopedForm):
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
        queryset=ImportMapping.objects.none(),
        required=False,
        empty_label=gettext_lazy("— none: match the columns by their names —"),
        help_text=gettext_lazy("Fills in the columns and fixed values saved earlier; you can still change them."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["mapping"].queryset = usable_mappings(user)
        self.fields["mapping"].label_from_instance = lambda m: bracketed(m.name, m.owner_unit.name)


@dataclass
class Slot:
    """One incident field on the column page: its column selects, its value table, and the column's values."""

    target: Target
    fields: list
    table: object = None  # the bound field of its value table, if it takes one
    column: str = ""  # the column chosen for it (first slot), and that column's values: (value, count, understood)
    values: list[tuple[str, int, bool]] = dc_field(default_factory=list)


class MappingForm(ScopedForm):
    """One select per column slot of each incident field, value tables, the fixed values, and a name to save under."""

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
    outcome = forms.ChoiceField(
        label=gettext_lazy("Outcome of the first person, unless a column gives it"),
        required=False,
        choices=[("", "—"), *Outcome.choices],
    )
    fixed_date = forms.DateField(
        label=gettext_lazy("Date for every row without one"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy("For files without a date column (e.g. one file per day or per reporting period)."),
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
    empty_values = forms.CharField(
        label=gettext_lazy("Values that mean “empty”"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("One per line, compared without case; a cell holding one is read as empty."),
    )
    save_as = forms.CharField(
        label=gettext_lazy("Save this mapping as"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("Optional. A name to pick it next time; an existing mapping of that name is replaced."),
    )

    save_for = UnitChoiceField(
        queryset=None,
        required=False,
        label=gettext_lazy("Shared with"),
        help_text=gettext_lazy(
            "The unit whose subtree may use the saved mapping; it is changed or deleted only by who may import there. "
            "The group's top unit shares it with everyone (a role held at the group saves there)."
        ),
    )

    FIXED = ("unit", "kind", "category", "outcome", "fixed_date", "date_order", "empty_values", "save_as", "save_for")

    def __init__(self, *args, user, headers: list[str], **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["unit"].queryset = import_units(user)
        self.fields["save_for"].queryset = import_units(user)
        owner = default_owner(user)
        self.fields["save_for"].initial = owner.pk if owner else None
        self.headers = headers
        choices = [("", "—"), *[(h, h) for h in dict.fromkeys(h for h in headers if h)]]
        self.slots: list[Slot] = []
        for target in TARGETS:
            names = []
            for i in range(target.slots):
                name = f"col__{target.key}__{i}"
                label = target.label if i == 0 else _("%(field)s, column %(n)s") % {"field": target.label, "n": i + 1}
                self.fields[name] = forms.ChoiceField(
                    label=label, choices=choices, required=False, help_text=target.help if i == 0 else ""
                )
                names.append(name)
            if target.table:
                self.fields[f"table__{target.key}"] = forms.CharField(
                    label=_("Value table for %(field)s") % {"field": target.label},
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 3}),
                    help_text=_("One per line: the file's value = ours (%(ours)s).")
                    % {"ours": ", ".join(our_choices(target.key))},
                )
            table = self[f"table__{target.key}"] if target.table else None
            self.slots.append(Slot(target, [self[n] for n in names], table))
        for name in self.FIXED:  # the values fixed for every row and the name after the columns
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
        for name in ("unit", "kind", "category", "outcome"):
            if data.get(name):
                initial[name] = data[name]
        initial["fixed_date"] = data.get("date") or None
        initial["date_order"] = data.get("date_order") or DateOrder.DETECT
        initial["empty_values"] = "\n".join(data.get("empty_values", DEFAULT_EMPTY_VALUES))
        for key, table in (data.get("value_tables") or {}).items():
            initial[f"table__{key}"] = table_text(table)
        return initial

    def columns(self) -> dict[str, list[str]]:
        result = {}
        for target in TARGETS:
            chosen = [self.cleaned_data.get(f"col__{target.key}__{i}") or "" for i in range(target.slots)]
            if target.key == "occurred_at" and chosen[1]:
                result[target.key] = chosen  # the date column may be left empty: the time keeps its place
            elif any(chosen):
                result[target.key] = [c for c in chosen if c]
        return result

    def _clean_table(self, key: str) -> dict[str, str]:
        table, errors = parse_table_text(key, self.cleaned_data.get(f"table__{key}", ""))
        if errors:
            raise forms.ValidationError(errors)
        return table

    def clean_table__kind(self):
        return self._clean_table("kind")

    def clean_table__category(self):
        return self._clean_table("category")

    def clean_table__outcome(self):
        return self._clean_table("outcome")

    def clean_fixed_date(self):
        day = self.cleaned_data["fixed_date"]
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("The date is in the future."))
        return day

    def clean_empty_values(self):
        return [line.strip() for line in self.cleaned_data["empty_values"].splitlines() if line.strip()]

    def clean(self):
        cleaned = super().clean()
        for target in TARGETS:
            if target.key == "occurred_at":
                if not cleaned.get("col__occurred_at__0") and not cleaned.get("fixed_date") and "fixed_date" in cleaned:
                    self.add_error("fixed_date", _("Choose the date column above, or give a date for every row."))
            elif target.required and not any(cleaned.get(f"col__{target.key}__{i}") for i in range(target.slots)):
                self.add_error(f"col__{target.key}__0", _("Choose the file's column for this field."))
        return cleaned

    def mapping(self) -> ColumnMapping:
        data = self.cleaned_data
        tables = {key: data[f"table__{key}"] for key in TABLE_TARGETS if data.get(f"table__{key}")}
        return ColumnMapping(
            columns=self.columns(),
            unit=data["unit"],
            kind=data["kind"],
            category=data["category"],
            outcome=data["outcome"],
            fixed_date=data["fixed_date"],
            date_order=data["date_order"],
            value_tables=tables,
            empty_values=data["empty_values"],
        )

    def show_values(self, rows: list[list[str]], limit: int = 50) -> None:
        """For each field with a value table, the distinct values of its chosen column, and whether each is
        understood yet (by the table as typed, or as one of ours), so that the user sees what is left to map."""
        source = self.data if self.is_bound else self.initial
        empty = {fold(v) for v in str(source.get("empty_values", "\n".join(DEFAULT_EMPTY_VALUES))).splitlines()}
        for slot in self.slots:
            column = source.get(f"col__{slot.target.key}__0") or ""
            if slot.table is None or column not in self.headers:
                continue
            table, _errors = parse_table_text(slot.target.key, source.get(f"table__{slot.target.key}") or "")
            known = {fold(theirs) for theirs in table}
            index = self.headers.index(column)
            counts = Counter(cells[index].strip() for cells in rows if index < len(cells))
            values = [(v, n) for v, n in counts.items() if v and fold(v) not in empty][:limit]
            slot.column = column
            slot.values = [(v, n, fold(v) in known or _is_ours(slot.target.key, v)) for v, n in values]


def _is_ours(key: str, text: str) -> bool:
    try:
        our_value(key, text)
    except ValueRefused:
        return False
    return True

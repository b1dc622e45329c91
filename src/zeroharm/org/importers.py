"""Imports of units, people and man-hours (the mechanism is core.imports)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from zeroharm.core.imports import DATE_INPUT_FORMATS, ImportColumn, Importer
from zeroharm.core.roles import Action
from zeroharm.core.scoping import units_for
from zeroharm.org.choices import EmploymentType, PersonStatus, Sex, UnitKind
from zeroharm.org.models import ManHours, OrgUnit, Person, Position
from zeroharm.org.services import unit_create, unit_update

__all__ = ["UnitImporter", "PersonImporter", "ManHoursImporter", "IMPORTERS"]

NOT_A_DATE = {"invalid": _("is not a date")}


def choice_errors(choices) -> dict:
    return {"invalid_choice": _("is not one of: %(choices)s") % {"choices": ", ".join(v for v, _l in choices)}}


class RowForm(forms.Form):
    """A form that parses one spreadsheet row; `user` limits unit references to the user's scope."""

    LENIENT: dict = {}  # field → choices accepted by value or by label

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def full_clean(self):
        if self.is_bound:
            data = dict(self.data)
            for name, choices in self.LENIENT.items():
                if data.get(name):
                    data[name] = _lenient_choice(data[name], choices)
            self.data = data
        super().full_clean()

    def unit_in_scope(self, code: str, area: str):
        """The unit with this code if the user may add records of `area` there; otherwise a row error."""
        unit = units_for(self.user, area, Action.ADD).filter(code=code).first()
        if unit is None:
            raise forms.ValidationError(_("is not the code of a unit in your scope"), code="invalid_choice")
        return unit


def _lenient_choice(value: str, choices) -> str:
    """Accept a choice by its stored value or by its label in any of the site's languages (as typed in Excel)."""
    lowered = (value or "").strip().lower()
    for stored, label in choices:
        names = {str(stored).lower()}
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                names.add(str(label).lower())
        if lowered in names:
            return stored
    return value


#
# Units
#


class UnitRowForm(RowForm):
    code = forms.CharField(max_length=32)
    name = forms.CharField(max_length=120)
    kind = forms.ChoiceField(choices=UnitKind.choices, error_messages=choice_errors(UnitKind.choices))
    parent_code = forms.CharField(max_length=32, required=False)

    LENIENT = {"kind": UnitKind.choices}

    def clean_parent_code(self):
        code = self.cleaned_data["parent_code"]
        if not code:
            return None
        return self.unit_in_scope(code, "org")


class UnitImporter(Importer):
    key = "units"
    title = _("Import units")
    model = OrgUnit
    list_url_name = "org:orgunit_list"
    row_form = UnitRowForm
    columns = [
        ImportColumn("code", _("Unique code of the unit"), True, "BR01-W02"),
        ImportColumn("name", _("Name"), True, "Stamping workshop"),
        ImportColumn("kind", _("group, branch, workshop or team"), True, "workshop"),
        ImportColumn(
            "parent_code", _("Code of the unit it belongs to (an earlier row or an existing unit)"), False, "BR01"
        ),
    ]
    field_columns = {"parent": "parent_code"}

    def save_row(self, cleaned, user) -> bool:
        data = {"code": cleaned["code"], "name": cleaned["name"], "kind": cleaned["kind"]}
        existing = OrgUnit.objects.visible_to(user, Action.CHANGE).filter(code=data["code"]).first()
        if existing:
            unit_update(instance=existing, data=data, acting_user=user, expected_version=existing.version)
            return False
        unit_create(parent=cleaned["parent_code"], data=data, acting_user=user)
        return True


#
# People
#


class PersonRowForm(RowForm):
    employee_no = forms.CharField(max_length=32)
    name = forms.CharField(max_length=80)
    unit_code = forms.CharField(max_length=32)
    position_code = forms.CharField(max_length=32, required=False)
    employment_type = forms.ChoiceField(
        choices=EmploymentType.choices, required=False, error_messages=choice_errors(EmploymentType.choices)
    )
    hire_date = forms.DateField(required=False, input_formats=DATE_INPUT_FORMATS, error_messages=NOT_A_DATE)
    birth_date = forms.DateField(required=False, input_formats=DATE_INPUT_FORMATS, error_messages=NOT_A_DATE)
    sex = forms.ChoiceField(choices=[("", "")] + Sex.choices, required=False, error_messages=choice_errors(Sex.choices))
    phone = forms.CharField(max_length=32, required=False)
    status = forms.ChoiceField(
        choices=PersonStatus.choices, required=False, error_messages=choice_errors(PersonStatus.choices)
    )

    LENIENT = {"employment_type": EmploymentType.choices, "sex": Sex.choices, "status": PersonStatus.choices}

    def clean_unit_code(self):
        return self.unit_in_scope(self.cleaned_data["unit_code"], "people")

    def clean_position_code(self):
        code = self.cleaned_data["position_code"]
        if not code:
            return None
        position = Position.objects.filter(code=code).first()
        if position is None:
            raise forms.ValidationError(_("is not a position code"), code="invalid_choice")
        return position


class PersonImporter(Importer):
    key = "people"
    title = _("Import people")
    model = Person
    list_url_name = "org:person_list"
    row_form = PersonRowForm
    columns = [
        ImportColumn("employee_no", _("Employee number (unique)"), True, "E000123"),
        ImportColumn("name", _("Full name"), True, "王伟"),
        ImportColumn("unit_code", _("Code of the person's unit"), True, "BR01-W02-T01"),
        ImportColumn("position_code", _("Code of the position"), False, "OP-PRESS"),
        ImportColumn("employment_type", _("employee, contractor or temporary"), False, "employee"),
        ImportColumn("hire_date", _("Date hired, YYYY-MM-DD"), False, "2021-03-15"),
        ImportColumn("birth_date", _("Date of birth, YYYY-MM-DD"), False, "1990-07-02"),
        ImportColumn("sex", _("M or F"), False, "M"),
        ImportColumn("phone", _("Phone number"), False, "13800000000"),
        ImportColumn("status", _("active or left"), False, "active"),
    ]
    field_columns = {"unit": "unit_code", "position": "position_code"}

    def save_row(self, cleaned, user) -> bool:
        data = {
            "employee_no": cleaned["employee_no"],
            "name": cleaned["name"],
            "unit": cleaned["unit_code"],
            "position": cleaned["position_code"],
            "hire_date": cleaned["hire_date"],
            "birth_date": cleaned["birth_date"],
            "sex": cleaned["sex"],
            "phone": cleaned["phone"],
            "employment_type": cleaned["employment_type"] or EmploymentType.EMPLOYEE,
            "status": cleaned["status"] or PersonStatus.ACTIVE,
        }
        return self.upsert(lookup={"employee_no": data["employee_no"]}, data=data, user=user)[1]


#
# Man-hours
#


class ManHoursRowForm(RowForm):
    unit_code = forms.CharField(max_length=32)
    month = forms.DateField(
        input_formats=["%Y-%m", *DATE_INPUT_FORMATS], error_messages={"invalid": _("is not a month (YYYY-MM)")}
    )
    hours = forms.DecimalField(
        min_value=0, max_digits=12, decimal_places=1, error_messages={"invalid": _("is not a number")}
    )
    average_headcount = forms.DecimalField(
        min_value=0, max_digits=9, decimal_places=1, error_messages={"invalid": _("is not a number")}
    )

    def clean_unit_code(self):
        return self.unit_in_scope(self.cleaned_data["unit_code"], "manhours")


class ManHoursImporter(Importer):
    key = "manhours"
    title = _("Import man-hours")
    model = ManHours
    list_url_name = "org:manhours_list"
    row_form = ManHoursRowForm
    columns = [
        ImportColumn("unit_code", _("Code of the unit"), True, "BR01-W02-T01"),
        ImportColumn("month", _("Month, YYYY-MM"), True, "2026-10"),
        ImportColumn("hours", _("Hours worked in the month"), True, "3520"),
        ImportColumn("average_headcount", _("Average number of workers in the month"), True, "22"),
    ]
    field_columns = {"unit": "unit_code"}

    def save_row(self, cleaned, user) -> bool:
        month = cleaned["month"].replace(day=1)
        data = {
            "unit": cleaned["unit_code"],
            "month": month,
            "hours": cleaned["hours"],
            "average_headcount": cleaned["average_headcount"],
        }
        return self.upsert(lookup={"unit": data["unit"], "month": month}, data=data, user=user)[1]


IMPORTERS = {cls.key: cls for cls in (UnitImporter, PersonImporter, ManHoursImporter)}

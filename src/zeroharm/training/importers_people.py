"""Imports of existing people's training records and certificates (core.imports: all or nothing, row errors).

Rows are keyed so that importing a file twice updates instead of duplicating: a record by person, course and date
(among imported records), a certificate by kind and number. Records enter the archive through `credit`,
certificates through `certificate_save` (their dates computed), so an imported row is what a typed one would be.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zeroharm.core.imports import DATE_INPUT_FORMATS, ImportColumn, Importer
from zeroharm.core.roles import Action
from zeroharm.core.services import record_update
from zeroharm.org.importers import NOT_A_DATE, RowForm, choice_errors
from zeroharm.training.choices import CertificateKind, RecordSource
from zeroharm.training.models import Certificate, Course, TrainingRecord
from zeroharm.training.selectors.people import trainees_visible_to
from zeroharm.training.services.certificates import certificate_save
from zeroharm.training.services.credits import credit

__all__ = ["RecordImporter", "CertificateImporter", "IMPORTERS"]

_YES = {"yes", "y", "true", "1", "passed", "是", "合格", "通过", "√"}
_NO = {"no", "n", "false", "0", "failed", "否", "不合格", "未通过", "×"}


def _yes_no(value: str):
    text = (value or "").strip().lower()
    if not text:
        return None
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise forms.ValidationError(_("is not yes or no"), code="invalid")


class _PersonRowForm(RowForm):
    employee_no = forms.CharField(max_length=32)

    def clean_employee_no(self):
        number = self.cleaned_data["employee_no"]
        person = trainees_visible_to(self.user, Action.ADD).filter(employee_no=number, is_archived=False).first()
        if person is None:
            raise forms.ValidationError(_("is not the employee number of a person in your scope"), code="invalid")
        return person


class RecordRowForm(_PersonRowForm):
    course_code = forms.CharField(max_length=32)
    date = forms.DateField(input_formats=DATE_INPUT_FORMATS, error_messages=NOT_A_DATE)
    hours = forms.DecimalField(
        min_value=0, max_digits=5, decimal_places=1, error_messages={"invalid": _("is not a number")}
    )
    passed = forms.CharField(required=False, max_length=10)
    score = forms.DecimalField(
        required=False, min_value=0, max_digits=5, decimal_places=1, error_messages={"invalid": _("is not a number")}
    )
    note = forms.CharField(required=False, max_length=200)

    def clean_course_code(self):
        course = Course.objects.visible_to(self.user).filter(code=self.cleaned_data["course_code"]).first()
        if course is None:
            raise forms.ValidationError(_("is not a course code"), code="invalid_choice")
        return course

    def clean_passed(self):
        return _yes_no(self.cleaned_data["passed"])


class RecordImporter(Importer):
    key = "records"
    title = _("Import training records")
    model = TrainingRecord
    list_url_name = "training:roster_home"
    row_form = RecordRowForm
    columns = [
        ImportColumn("employee_no", _("Employee number"), True, "E000123"),
        ImportColumn("course_code", _("Code of the course"), True, "SAFE-2026"),
        ImportColumn("date", _("Date of the training, YYYY-MM-DD"), True, "2026-03-15"),
        ImportColumn("hours", _("Hours (学时) credited"), True, "8"),
        ImportColumn("passed", _("Assessment passed: yes, no, or empty when there was none"), False, "yes"),
        ImportColumn("score", _("Score"), False, "92"),
        ImportColumn("note", _("Note"), False, ""),
    ]
    field_columns = {"person": "employee_no", "course": "course_code", "completed_on": "date"}

    def save_row(self, cleaned, user) -> bool:
        values = {
            "hours": cleaned["hours"],
            "passed": cleaned["passed"],
            "score": cleaned["score"],
            "note": cleaned["note"],
        }
        key = {"person": cleaned["employee_no"], "course": cleaned["course_code"], "completed_on": cleaned["date"]}
        existing = TrainingRecord.objects.filter(**key, source=RecordSource.IMPORT, is_archived=False).first()
        if existing is not None:
            record_update(instance=existing, data=values, acting_user=user, expected_version=existing.version)
            return False
        credit(
            person=key["person"],
            course=key["course"],
            day=key["completed_on"],
            source=RecordSource.IMPORT,
            acting_user=user,
            **values,
        )
        return True


class CertificateRowForm(_PersonRowForm):
    kind = forms.ChoiceField(choices=CertificateKind.choices, error_messages=choice_errors(CertificateKind.choices))
    operation = forms.CharField(required=False, max_length=120)
    number = forms.CharField(max_length=64)
    issuer = forms.CharField(max_length=200)
    issued_on = forms.DateField(input_formats=DATE_INPUT_FORMATS, error_messages=NOT_A_DATE)
    extended_review = forms.CharField(required=False, max_length=10)
    verified_violations = forms.IntegerField(required=False, min_value=0, max_value=99)
    validity_years = forms.IntegerField(required=False, min_value=1, max_value=99)

    LENIENT = {"kind": CertificateKind.choices}

    def clean_extended_review(self):
        return bool(_yes_no(self.cleaned_data["extended_review"]))


class CertificateImporter(Importer):
    key = "certificates"
    title = _("Import certificates")
    model = Certificate
    list_url_name = "training:certificate_list"
    row_form = CertificateRowForm
    columns = [
        ImportColumn("employee_no", _("Employee number of the holder"), True, "E000123"),
        ImportColumn(
            "kind",
            _("special_operation, special_equipment, principal, safety_manager or other"),
            True,
            "special_operation",
        ),
        ImportColumn("operation", _("The operation or equipment item it covers"), False, "低压电工作业"),
        ImportColumn("number", _("Certificate number"), True, "T110101199001011234"),
        ImportColumn("issuer", _("Issued by"), True, "北京市应急管理局"),
        ImportColumn("issued_on", _("Issue date, YYYY-MM-DD"), True, "2024-05-10"),
        ImportColumn("extended_review", _("Review every 6 years granted: yes or no"), False, "no"),
        ImportColumn("verified_violations", _("Verified violations"), False, "0"),
        ImportColumn("validity_years", _("Years valid (principal, safety manager and other certificates)"), False, ""),
    ]
    field_columns = {"person": "employee_no"}

    def save_row(self, cleaned, user) -> bool:
        data = {
            name: cleaned[name] for name in ("kind", "operation", "number", "issuer", "issued_on", "extended_review")
        }
        data.update(
            person=cleaned["employee_no"],
            verified_violations=cleaned["verified_violations"] or 0,
            validity_years=cleaned["validity_years"],
        )
        existing = (
            Certificate.objects.visible_to(user, Action.CHANGE).filter(kind=data["kind"], number=data["number"]).first()
        )
        certificate_save(
            data=data, acting_user=user, instance=existing, expected_version=existing.version if existing else None
        )
        return existing is None


IMPORTERS = {cls.key: cls for cls in (RecordImporter, CertificateImporter)}

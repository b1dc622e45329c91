"""Forms of the training people area: certificates and their steps, absences, signing an archive. Dates a rule computes
are never asked."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zeroharm.core.forms import BoundedDateField, PasswordField, ScopedForm, ScopedModelForm, VersionMixin
from zeroharm.core.roles import Action
from zeroharm.org.forms import EmployeeNumberField
from zeroharm.training.choices import ReviewOutcome
from zeroharm.training.models import Absence, Certificate
from zeroharm.training.selectors.people import trainees_visible_to

__all__ = ["CertificateForm", "ReviewForm", "RenewForm", "ScanForm", "AbsenceForm", "ArchiveSignForm"]

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _PersonByNumber(ScopedModelForm):
    """A person typed by employee number, among those whose training the user may write."""

    unit_fields = ()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        action = Action.CHANGE if self.instance.pk else Action.ADD
        self.fields["person"] = EmployeeNumberField(
            label=self._meta.model._meta.get_field("person").verbose_name,
            help_text=_("Employee number."),
            initial=self.instance.person.employee_no if self.instance.pk else None,
        )
        self.fields["person"].queryset = trainees_visible_to(user, action).filter(is_archived=False)


class CertificateForm(_PersonByNumber):
    issued_on = BoundedDateField(label=_("issued on"), widget=DATE)

    class Meta:
        model = Certificate
        fields = [
            "person",
            "kind",
            "operation",
            "number",
            "issuer",
            "issued_on",
            "validity_years",
            "extended_review",
            "verified_violations",
        ]


class AbsenceForm(_PersonByNumber):
    away_from = BoundedDateField(label=_("away from"), widget=DATE)
    returned_on = BoundedDateField(label=_("returned on"), widget=DATE, required=False)

    class Meta:
        model = Absence
        fields = ["person", "away_from", "returned_on", "note"]

    def clean(self):
        data = super().clean()
        if data.get("away_from") and data.get("returned_on") and data["returned_on"] < data["away_from"]:
            self.add_error("returned_on", _("The return cannot come before leaving."))
        return data


class ReviewForm(VersionMixin, ScopedForm):
    reviewed_on = BoundedDateField(label=_("reviewed on"), widget=DATE)
    outcome = forms.ChoiceField(label=_("outcome"), choices=ReviewOutcome.choices)
    reason = forms.CharField(label=_("reason"), max_length=300, required=False)


class RenewForm(VersionMixin, ScopedForm):
    number = forms.CharField(label=_("number of the new certificate"), max_length=64)
    issuer = forms.CharField(label=_("issued by"), max_length=200)
    issued_on = BoundedDateField(label=_("issued on"), widget=DATE)


class ScanForm(VersionMixin, ScopedForm):
    scan = forms.FileField(label=_("scan"), help_text=_("A photo or a PDF of the certificate."))


class ArchiveSignForm(forms.Form):
    """The unit's signature on a person's archive: the signer's password, asked again."""

    password = PasswordField()

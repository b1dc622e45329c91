"""The form a leader records a signed pledge sheet with: the people of the unit who have not signed yet (the only
ones offered), the day it was read, a photo of the sheet (checked and re-encoded by the service before it is
stored) and the leader's password."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zeroharm.campaigns.models import PledgeSignature
from zeroharm.campaigns.selectors.pledge import people_in
from zeroharm.core.forms import PHOTO_ACCEPT, BoundedDateField, DateInput, PasswordField, ScopedForm

__all__ = ["PledgeSheetForm"]


class PersonChoices(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return f"{obj.name} · {obj.unit.name}"


class PledgeSheetForm(ScopedForm):
    scope_area = "campaigns"  # the people offered are also cut to those the user may pick (core.forms)
    people = PersonChoices(label=_("who signed the sheet"), queryset=None)
    read_on = BoundedDateField(label=_("read on"), widget=DateInput)
    photo = forms.FileField(
        label=_("photo of the sheet"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": PHOTO_ACCEPT, "capture": "environment"}),
        help_text=_("Optional: keep the paper sheet's photo with the record (JPEG, PNG or WebP, 10 MB)."),
    )
    password = PasswordField()

    def __init__(self, *args, campaign, unit, **kwargs):
        """`unit`: one the view found among those the user may change in the campaign's scope; `user` (ScopedForm)."""
        super().__init__(*args, **kwargs)
        signed = PledgeSignature.objects.filter(campaign=campaign).values("person_id")
        self.fields["people"].queryset = (
            people_in(unit).exclude(pk__in=signed).select_related("unit").order_by("unit__path", "name")
        )
        self.fields["people"].initial = list(self.fields["people"].queryset.values_list("pk", flat=True))
        self.fields["read_on"].initial = timezone.localdate()

"""Forms of a campaign's meetings: the meeting, an agenda item, the minutes with photos, signing in with a code."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zeroharm.campaigns.models import AgendaItem, Meeting
from zeroharm.core.forms import DateTimeInput, PhotosField, VersionMixin

__all__ = ["MeetingForm", "AgendaItemForm", "MinutesForm", "SignInForm"]


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["title", "starts_at", "ends_at", "place"]
        widgets = {"starts_at": DateTimeInput, "ends_at": DateTimeInput}


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "speaker", "minutes"]
        widgets = {"minutes": forms.Textarea(attrs={"rows": 3})}


class MinutesForm(VersionMixin):
    minutes = forms.CharField(
        label=_("minutes"), max_length=20000, required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    photos = PhotosField(label=_("photos"))


class SignInForm(forms.Form):
    code = forms.CharField(label=_("code on the screen"), max_length=64)

"""Who reaches the rates and the OSHA forms: a unit in the user's scope, and the period asked for."""

from __future__ import annotations

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from zeroharm.core.exports import sheet_download
from zeroharm.core.roles import Action
from zeroharm.core.scoping import units_for
from zeroharm.org.models import OrgUnit

MAX_PERIOD_DAYS = 366 * 10
GB_RATES = ("fatality_per_thousand", "serious_per_thousand", "injury_frequency", "severity_rate", "average_severity")
OSHA_RATES = ("trir", "dart", "ltir", "severity")
EXTRA_RATES = ("trir_nonfatal", "ltifr")


#
# Access
#


class AreaScopeMixin(LoginRequiredMixin):
    """Login; "view" across a subtree in ``area`` somewhere (else 403); the unit inside it (else 404)."""

    area = "safety"

    def scope_units(self):
        return units_for(self.request.user, self.area, Action.VIEW)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not self.scope_units().exists():
            raise PermissionDenied(_("Your roles do not allow this."))
        return super().dispatch(request, *args, **kwargs)

    def unit_in_scope(self, unit_id: int) -> OrgUnit:
        return get_object_or_404(self.scope_units(), pk=unit_id)

    def top_unit(self) -> OrgUnit:
        unit = self.scope_units().order_by("depth", "path").first()
        if unit is None:
            raise Http404
        return unit


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _csv_response(filename: str, header: list, rows: list[list], *, bom: bool = True):
    """A CSV download through the core writer: UTF-8 (with a BOM for spreadsheets, unless it is an upload file)."""
    return sheet_download(filename, header, rows, bom=bom)

"""What the rates and OSHA pages share: the rates they show, the period's bounds, date inputs and csv answers.

Who reaches them is core.views.UnitScopeMixin (a subtree in "safety", else 403; the unit in it, else 404)."""

from __future__ import annotations

from django import forms

from zeroharm.core.exports import sheet_download

MAX_PERIOD_DAYS = 366 * 10
GB_RATES = ("fatality_per_thousand", "serious_per_thousand", "injury_frequency", "severity_rate", "average_severity")
OSHA_RATES = ("trir", "dart", "ltir", "severity")
EXTRA_RATES = ("trir_nonfatal", "ltifr")


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _csv_response(filename: str, header: list, rows: list[list], *, bom: bool = True):
    """A CSV download through the core writer: UTF-8 (with a BOM for spreadsheets, unless it is an upload file)."""
    return sheet_download(filename, header, rows, bom=bom)

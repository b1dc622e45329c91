"""The incident rates page and its export: GB 6441 and OSHA rates per unit and child unit."""

from __future__ import annotations

import datetime

from django import forms
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from zeroharm.core.exports import sheet_download
from zeroharm.core.filtersets import MAX_ID
from zeroharm.core.forms import BoundedDateField
from zeroharm.core.views import subtree_choices
from zeroharm.incidents import rates_selectors
from zeroharm.incidents.rates import RATE_LABELS, display
from zeroharm.incidents.views_forms.access import (
    EXTRA_RATES,
    GB_RATES,
    MAX_PERIOD_DAYS,
    OSHA_RATES,
    AreaScopeMixin,
    _date_input,
)
from zeroharm.org.models import OrgUnit
from zeroharm.org.selectors import unit_ancestors

#
# Rates
#


class RatesForm(forms.Form):
    """unit=…, from=…, to=… (the names of the page's query string)."""

    unit = forms.IntegerField(label=gettext_lazy("Unit"), required=False, min_value=1, max_value=MAX_ID)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from"] = BoundedDateField(label=gettext_lazy("From"), required=False, widget=_date_input())
        self.fields["to"] = BoundedDateField(label=gettext_lazy("To"), required=False, widget=_date_input())

    def clean(self):
        data = super().clean()
        start, end = data.get("from"), data.get("to")
        if start and end:
            if end < start:
                raise forms.ValidationError(_("The period ends before it starts."))
            if (end - start).days > MAX_PERIOD_DAYS:
                raise forms.ValidationError(_("A period is at most ten years."))
        return data


def _this_year() -> tuple[datetime.date, datetime.date]:
    year = timezone.localdate().year
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _rate_cells(rates) -> list:
    """The table's figures of one row, in the order of :func:`_rate_columns`."""
    c = rates.counts
    return [
        rates.hours,
        rates.average_workforce,
        c["G"] + c["H"] + c["I"] + c["J"],
        c["G"],
        c["H"],
        c["I"],
        c["J"],
        c["K"],
        c["L"],
        c["deaths"],
        c["serious"],
        c["minor"],
        c["lost_days"],
        *(getattr(rates, key) for key in OSHA_RATES + GB_RATES),
    ]


def _rate_columns() -> list[str]:
    return [
        _("Hours worked"),
        _("Average workforce"),
        _("Recordable cases"),
        _("Deaths (G)"),
        _("Days-away cases (H)"),
        _("Restricted cases (I)"),
        _("Other recordable cases (J)"),
        _("Days away (K)"),
        _("Days restricted (L)"),
        _("Deaths (GB 6441)"),
        _("Serious injuries"),
        _("Minor injuries"),
        _("Lost workdays"),
        *(str(RATE_LABELS[key]) for key in OSHA_RATES + GB_RATES),
    ]


N_COUNT_COLUMNS = 13  # hours … lost workdays: the columns before the rates


class RatesView(AreaScopeMixin, View):
    """GB 6441 and OSHA rates of a unit's subtree and period, a table per child unit, its csv/xlsx export."""

    def get(self, request):
        form = RatesForm(request.GET)
        valid = form.is_valid()
        if "unit" in form.errors:
            raise Http404
        data = form.cleaned_data
        unit = self.unit_in_scope(data["unit"]) if data.get("unit") else self.top_unit()
        default_from, default_to = _this_year()
        date_from, date_to = default_from, default_to
        if valid:  # a wrong period is shown with its error, and this year stands in
            date_from, date_to = data.get("from") or default_from, data.get("to") or default_to
            if date_to < date_from:  # only one date given, on the wrong side of this year's other end
                date_from, date_to = default_from, default_to
        total, rows = rates_selectors.rate_table(unit, date_from, date_to)
        export = request.GET.get("export")
        if export in ("csv", "xlsx"):
            return self.export(export, unit, date_from, date_to, total, rows)
        if not request.GET:
            form = RatesForm(initial={"unit": unit.pk, "from": date_from, "to": date_to})
        form.fields["unit"].widget = forms.Select(choices=self.unit_choices(unit))
        query = {"unit": unit.pk, "from": date_from.isoformat(), "to": date_to.isoformat()}
        return render(
            request,
            "incidents/forms/rates.html",
            {
                "form": form,
                "unit": unit,
                "ancestors": self.ancestors(unit),
                "date_from": date_from,
                "date_to": date_to,
                "total": total,
                "rows": rows,
                "gb_rows": self.rate_rows(total, GB_RATES),
                "osha_rows": self.rate_rows(total, OSHA_RATES),
                "extra_rows": self.rate_rows(total, EXTRA_RATES),
                "columns": _rate_columns(),
                "table": self.table(rows),
                "total_cells": self.cells(total),
                "period_query": f"from={query['from']}&to={query['to']}",
                "export_query": "&".join(f"{k}={v}" for k, v in query.items()),
                "partial_months": date_from.day != 1 or (date_to + datetime.timedelta(days=1)).day != 1,
            },
        )

    def ancestors(self, unit: OrgUnit) -> list[OrgUnit]:
        """The breadcrumb above the unit; a link where the user may open the rates of that unit."""
        ancestors = unit_ancestors(unit, self.request.user)
        reachable = {u.pk for u in self.scope_units().filter(pk__in=[a.pk for a in ancestors])}
        for ancestor in ancestors:
            ancestor.visible = ancestor.pk in reachable
        return ancestors

    def unit_choices(self, unit: OrgUnit) -> list[tuple[int, str]]:
        choices = subtree_choices(self.request.user, unit.pk)
        if all(pk != unit.pk for pk, _label in choices):
            choices.append((unit.pk, unit.name))
        return choices

    @staticmethod
    def rate_rows(rates, keys) -> list[tuple[str, str]]:
        return [(str(RATE_LABELS[key]), display(getattr(rates, key))) for key in keys]

    @staticmethod
    def cells(rates) -> list[str]:
        values = _rate_cells(rates)
        shown = []
        for i, value in enumerate(values):
            if i == 0:
                shown.append(display(value, 1) if value is not None else "0")
            elif i == 1:
                shown.append(display(value, 1))
            elif i < N_COUNT_COLUMNS:
                shown.append(str(value))
            else:
                shown.append(display(value))
        return shown

    def table(self, rows) -> list[tuple]:
        return [(row, self.cells(row.rates)) for row in rows]

    def export(self, kind: str, unit, date_from, date_to, total, rows):
        header = [_("Unit"), _("Code"), *_rate_columns()]
        lines = []

        def values(rates):
            out = []
            for i, value in enumerate(_rate_cells(rates)):
                if i >= N_COUNT_COLUMNS or i == 1:  # rates and the average workforce: 2 decimals, "—" if undefined
                    shown = display(value)
                    out.append(shown if shown == "—" or kind == "csv" else float(shown))
                elif i == 0:
                    out.append(float(value) if kind == "xlsx" else display(value, 1))
                else:
                    out.append(value)
            return out

        for row in rows:
            name = _("%(unit)s itself") % {"unit": row.unit.name} if row.is_self else row.unit.name
            lines.append([name, row.unit.code, *values(row.rates)])
        lines.append([_("Total"), unit.code, *values(total)])
        name = slugify(f"{unit.code}-{date_from}-{date_to}") or "rates"
        return sheet_download(f"injury-rates-{name}.{kind}", header, lines, title=_("Injury rates"))

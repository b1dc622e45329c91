"""Injury rates and the OSHA forms: pages, PDFs, CSVs and the ITA upload file.

Who may open them: a role that views safety records across a subtree (area "safety", not only one's own
records: an employee gets 403), for a unit inside that subtree (else 404). The confidential privacy-case
list needs "view" in area "privacy" instead (core.roles: administrators and safety managers).
Definitions: ``incidents.rates_selectors`` (rates) and ``incidents.osha`` (forms).
"""

from __future__ import annotations

import datetime
import re

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from zeroharm.core.exports import sheet_download
from zeroharm.core.filtersets import MAX_ID
from zeroharm.core.forms import BoundedDateField
from zeroharm.core.reports import ReportView
from zeroharm.core.roles import Action
from zeroharm.core.scoping import units_for
from zeroharm.core.views import subtree_choices
from zeroharm.incidents import osha, rates_selectors, standards
from zeroharm.incidents.choices import OshaCaseType
from zeroharm.incidents.rates import RATE_LABELS, display
from zeroharm.org.choices import UnitKind
from zeroharm.org.models import OrgUnit
from zeroharm.org.selectors import unit_ancestors

__all__ = ["RatesView", "OshaView", "Osha300View", "Osha300AView", "Osha301View", "ItaView", "PrivacyListView"]

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
        rates.hours, rates.average_workforce,
        c["G"] + c["H"] + c["I"] + c["J"], c["G"], c["H"], c["I"], c["J"], c["K"], c["L"],
        c["deaths"], c["serious"], c["minor"], c["lost_days"],
        *(getattr(rates, key) for key in OSHA_RATES + GB_RATES),
    ]


def _rate_columns() -> list[str]:
    return [
        _("Hours worked"), _("Average workforce"), _("Recordable cases"), _("Deaths (G)"),
        _("Days-away cases (H)"), _("Restricted cases (I)"), _("Other recordable cases (J)"),
        _("Days away (K)"), _("Days restricted (L)"), _("Deaths (GB 6441)"), _("Serious injuries"),
        _("Minor injuries"), _("Lost workdays"),
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
        return render(request, "incidents/forms/rates.html", {
            "form": form, "unit": unit, "ancestors": self.ancestors(unit), "date_from": date_from,
            "date_to": date_to, "total": total, "rows": rows,
            "gb_rows": self.rate_rows(total, GB_RATES), "osha_rows": self.rate_rows(total, OSHA_RATES),
            "extra_rows": self.rate_rows(total, EXTRA_RATES),
            "columns": _rate_columns(), "table": self.table(rows),
            "total_cells": self.cells(total), "period_query": f"from={query['from']}&to={query['to']}",
            "export_query": "&".join(f"{k}={v}" for k, v in query.items()),
            "partial_months": date_from.day != 1 or (date_to + datetime.timedelta(days=1)).day != 1,
        })

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


#
# OSHA forms
#


ESTABLISHMENT_TYPES = [
    ("1", gettext_lazy("Not a government entity")),
    ("2", gettext_lazy("State government entity")),
    ("3", gettext_lazy("Local government entity")),
]
MAX_PAY_PERIODS = 366


class OshaForm(forms.Form):
    """Which establishment and year, what the forms say about it, and the worksheet's pay periods."""

    unit = forms.TypedChoiceField(label=gettext_lazy("Establishment"), coerce=int, required=False)
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100, required=False)
    name = forms.CharField(label=gettext_lazy("Establishment name"), max_length=100, required=False)
    street = forms.CharField(label=gettext_lazy("Street"), max_length=100, required=False)
    city = forms.CharField(label=gettext_lazy("City"), max_length=100, required=False)
    state = forms.CharField(label=gettext_lazy("State"), max_length=2, required=False)
    zip = forms.CharField(label=gettext_lazy("ZIP"), max_length=10, required=False)
    naics = forms.CharField(label=gettext_lazy("NAICS code"), max_length=6, required=False,
                            help_text=gettext_lazy("Six digits, e.g. 332710."))
    industry_description = forms.CharField(label=gettext_lazy("Industry description"), max_length=300,
                                           required=False)
    company_name = forms.CharField(label=gettext_lazy("Company name"), max_length=100, required=False)
    ein = forms.CharField(label=gettext_lazy("EIN"), max_length=12, required=False,
                          help_text=gettext_lazy("Employer identification number, 9 digits (optional)."))
    establishment_type = forms.ChoiceField(label=gettext_lazy("Establishment type"), choices=ESTABLISHMENT_TYPES,
                                           required=False)
    pay_periods = forms.CharField(
        label=gettext_lazy("Employees paid in each pay period"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("One number per pay period, separated by spaces, commas or lines; periods with "
                               "no employees count as 0. Leave empty to use the monthly headcounts of the "
                               "man-hours as 12 pay periods."))
    executive_name = forms.CharField(label=gettext_lazy("Company executive"), max_length=100, required=False)
    executive_title = forms.CharField(label=gettext_lazy("Title"), max_length=100, required=False)
    executive_phone = forms.CharField(label=gettext_lazy("Phone"), max_length=32, required=False)
    signed_on = BoundedDateField(label=gettext_lazy("Date"), required=False, widget=_date_input())

    def __init__(self, *args, unit_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = list(unit_choices)

    def clean_pay_periods(self) -> list[int] | None:
        text = (self.cleaned_data.get("pay_periods") or "").strip()
        if not text:
            return None
        parts = [p for p in re.split(r"[\s,;]+", text) if p]
        if not all(p.isdigit() for p in parts):
            raise forms.ValidationError(_("Enter whole numbers of employees, one per pay period."))
        if len(parts) > MAX_PAY_PERIODS:
            raise forms.ValidationError(_("At most %(n)s pay periods.") % {"n": MAX_PAY_PERIODS})
        return [int(p) for p in parts]

    def establishment(self) -> osha.Establishment:
        d = self.cleaned_data
        return osha.Establishment(
            name=d.get("name") or "", street=d.get("street") or "", city=d.get("city") or "",
            state=d.get("state") or "", zip=d.get("zip") or "", naics=d.get("naics") or "",
            industry_description=d.get("industry_description") or "", ein=d.get("ein") or "",
            company_name=d.get("company_name") or "", establishment_type=d.get("establishment_type") or "1",
            executive_name=d.get("executive_name") or "", executive_title=d.get("executive_title") or "",
            executive_phone=d.get("executive_phone") or "", signed_on=d.get("signed_on"),
        )


def _default_year() -> int:
    """The year whose forms are due: last year until the 300A posting ends (30 April), then this year."""
    today = timezone.localdate()
    return today.year - 1 if today.month <= 4 else today.year


class OshaContext:
    """Everything the forms of one establishment and year show, computed once (a constant number of queries)."""

    def __init__(self, unit: OrgUnit, year: int, est: osha.Establishment, pay_periods: list[int] | None):
        self.unit, self.year, self.est = unit, year, est
        self.lines = osha.log_lines(unit, year)
        self.summary = osha.summary(self.lines)
        months = osha.manhours_by_month(unit, year)
        self.worksheet = osha.worksheet_from_manhours(months, year)
        self.pay_periods_entered = pay_periods is not None
        self.pay_periods = pay_periods if pay_periods is not None else [row.employees for row in self.worksheet]
        self.annual_average = osha.annual_average(self.pay_periods) if self.pay_periods else 0
        self.employee_periods = sum(self.pay_periods)
        self.hours = osha.total_hours(months)
        self.months_missing = [row.month for row in self.worksheet if row.headcount is None]
        self.ita = osha.ita_row(est, year, self.summary, self.annual_average, self.hours)
        self.ita_problems = osha.ita_problems(self.ita, self.summary, self.annual_average)

    def as_dict(self) -> dict:
        return {
            "unit": self.unit, "year": self.year, "est": self.est, "lines": self.lines, "summary": self.summary,
            "worksheet": self.worksheet, "pay_periods": self.pay_periods,
            "pay_periods_entered": self.pay_periods_entered, "annual_average": self.annual_average,
            "employee_periods": self.employee_periods, "hours": self.hours, "months_missing": self.months_missing,
            "ita": self.ita, "ita_problems": self.ita_problems, "case_types": OshaCaseType.choices,
        }


ESTABLISHMENT_FIELDS = ("name", "street", "city", "state", "zip", "naics", "industry_description", "company_name",
                        "ein", "establishment_type", "executive_name", "executive_title", "executive_phone",
                        "signed_on", "pay_periods")


class OshaMixin(AreaScopeMixin):
    """Reads the establishment, year and form values from the query string (nothing is stored)."""

    def establishment_choices(self) -> list[OrgUnit]:
        """Branches inside the user's scope; where the scope holds no branch, its top units."""
        units = self.scope_units().filter(is_archived=False)
        branches = list(units.filter(kind=UnitKind.BRANCH).order_by("path"))
        if branches:
            return branches
        top = units.order_by("depth").values_list("depth", flat=True).first()
        return list(units.filter(depth=top).order_by("path")) if top else []

    def read(self):
        """(form, unit, context); the unit outside the scope is a 404."""
        choices = self.establishment_choices()
        data = self.request.GET.copy()
        unit_id = data.get("unit")
        if unit_id:
            if not str(unit_id).isdigit() or int(unit_id) > MAX_ID:
                raise Http404
            unit = self.unit_in_scope(int(unit_id))
        elif choices:
            unit = choices[0]
        else:
            raise Http404
        if all(u.pk != unit.pk for u in choices):
            choices.append(unit)
        data["unit"] = str(unit.pk)
        data.pop("format", None)
        data.pop("case", None)
        if not data.get("year"):
            data["year"] = str(_default_year())
        submitted = any(name in self.request.GET for name in ESTABLISHMENT_FIELDS)
        other_unit = data.get("details_for", str(unit.pk)) != str(unit.pk)
        if not submitted or other_unit:  # first visit, or another establishment chosen: prefill from the unit
            for name in ESTABLISHMENT_FIELDS:
                data.pop(name, None)
            data["name"] = unit.name
            root = OrgUnit.objects.filter(path=unit.path[:unit.steplen]).only("name").first()
            data["company_name"] = root.name if root and root.pk != unit.pk else ""
            data["establishment_type"] = "1"
        data["details_for"] = str(unit.pk)
        form = OshaForm(data, unit_choices=[(u.pk, u.name) for u in choices])
        form.is_valid()  # an invalid field is shown with its error; the rest of the forms still computes
        year = form.cleaned_data.get("year") or _default_year()
        ctx = OshaContext(unit, year, form.establishment(), form.cleaned_data.get("pay_periods"))
        return form, unit, ctx

    def query(self, form) -> str:
        """The query string that reproduces the form (for the download links)."""
        return form.data.urlencode()

    def filename(self, ctx: OshaContext, form_name: str, ext: str) -> str:
        return f"osha-{form_name}-{slugify(ctx.unit.code) or 'establishment'}-{ctx.year}.{ext}"


class OshaView(OshaMixin, View):
    """Choose the establishment and year, complete its details; the log, 300A, worksheet, 301s and downloads."""

    template_name = "incidents/forms/osha.html"

    def get(self, request, *, status=200, ita_refused=False):
        form, unit, ctx = self.read()
        may_see_privacy_list = units_for(request.user, "privacy", Action.VIEW).filter(pk=unit.pk).exists()
        return render(request, self.template_name, {
            **ctx.as_dict(), "form": form, "query": self.query(form), "ita_refused": ita_refused,
            "may_see_privacy_list": may_see_privacy_list,
            "posting": standards.summary_300a_posting(ctx.year), "ita_due": standards.ita_due(ctx.year),
        }, status=status)


def _check(line: osha.LogLine, attribute: str) -> str:
    return "X" if getattr(line, attribute) else ""


def _log_header() -> list[str]:
    return [
        _("(A) Case no."), _("(B) Employee's name"), _("(C) Job title"), _("(D) Date of injury or onset of illness"),
        _("(E) Where the event occurred"), _("(F) Injury or illness, parts of body affected, object or substance"),
        _("(G) Death"), _("(H) Days away from work"), _("(I) Job transfer or restriction"),
        _("(J) Other recordable cases"), _("(K) Days away from work"), _("(L) Days on job transfer or restriction"),
        *(_("(M%(code)s) %(label)s") % {"code": code, "label": label} for code, label in OshaCaseType.choices),
    ]


def _log_row(line: osha.LogLine) -> list:
    return [
        line.case_no, line.name, line.job_title, line.date.isoformat(), line.where, line.description,
        _check(line, "death"), _check(line, "days_away_case"), _check(line, "restricted_case"),
        _check(line, "other_case"), line.days_away, line.restricted_days,
        *("X" if line.case_type == code else "" for code in OshaCaseType.values),
    ]


class OshaReportView(OshaMixin, ReportView):
    """A form of the log's establishment and year: PDF (the default) or CSV (``format=csv``)."""

    formats = ("pdf", "csv")
    default_format = "pdf"
    pdf_inline = False
    form_name = ""

    def build(self) -> dict:
        _form, _unit, ctx = self.read()
        return {**ctx.as_dict(), "ctx": ctx, "printed": timezone.localdate()}

    def filename(self, context, fmt) -> str:
        return super().filename(context["ctx"], self.form_name, fmt)


class Osha300View(OshaReportView):
    """The 300 log: PDF (A4 landscape) or CSV."""

    pdf_template_name = "incidents/forms/osha_300_pdf.html"
    form_name = "300"

    def table(self, context, fmt):
        ctx = context["ctx"]
        s = ctx.summary
        totals = [_("Totals"), "", "", "", "", "", s.G, s.H, s.I, s.J, s.K, s.L,
                  *(s.M.get(code, 0) for code in OshaCaseType.values)]
        return _log_header(), [_log_row(line) for line in ctx.lines] + [totals]


class Osha300AView(OshaReportView):
    """The 300A summary with its worksheet and consistency errors: PDF or CSV."""

    pdf_template_name = "incidents/forms/osha_300a_pdf.html"
    form_name = "300A"

    def table(self, context, fmt):
        ctx = context["ctx"]
        s, est = ctx.summary, ctx.est
        rows = [
            [_("Establishment name"), est.name], [_("Street"), est.street], [_("City"), est.city],
            [_("State"), est.state], [_("ZIP"), est.zip], [_("Industry description"), est.industry_description],
            [_("NAICS code"), est.naics], [_("Year"), ctx.year],
            [_("(G) Total number of deaths"), s.G], [_("(H) Total number of cases with days away from work"), s.H],
            [_("(I) Total number of cases with job transfer or restriction"), s.I],
            [_("(J) Total number of other recordable cases"), s.J],
            [_("(K) Total number of days away from work"), s.K],
            [_("(L) Total number of days of job transfer or restriction"), s.L],
            *([_("(M%(code)s) %(label)s") % {"code": code, "label": label}, count] for code, label, count in s.m_rows),
            [_("Annual average number of employees"), ctx.annual_average],
            [_("Total hours worked by all employees last year"), ctx.hours],
            [_("Company executive"), est.executive_name], [_("Title"), est.executive_title],
            [_("Phone"), est.executive_phone], [_("Date"), est.signed_on.isoformat() if est.signed_on else ""],
            *([_("Error"), error] for error in s.errors),
        ]
        return [_("Field"), _("Value")], rows


class Osha301View(OshaReportView):
    """Form 301 of one case (``case=2025-003``) or of every case of the log: PDF or CSV."""

    pdf_template_name = "incidents/forms/osha_301_pdf.html"

    def build(self) -> dict:
        context = super().build()
        lines = context["ctx"].lines
        wanted = self.request.GET.get("case")
        if wanted:
            lines = [line for line in lines if line.case_no == wanted]
            if not lines:
                raise Http404
        self.form_name = f"301-{wanted}" if wanted else "301"
        return {**context, "cases": [(line, osha.form_301(line)) for line in lines]}

    def table(self, context, fmt):
        cases = context["cases"]
        header = [f"{number} {label}" for number, label, _value in cases[0][1]] if cases else \
            [_("Case number from the Log")]
        return header, [[value for _n, _l, value in fields] for _line, fields in cases]


class ItaView(OshaMixin, View):
    """The ITA 300A upload CSV: the header row of STANDARDS.md §1.8 and one row; refused with the reasons
    (the forms page, status 400) while the ITA would reject it."""

    def get(self, request):
        form, unit, ctx = self.read()
        if not form.is_valid() or ctx.ita_problems:
            return OshaView.as_view()(request, status=400, ita_refused=True)
        return _csv_response(self.filename(ctx, "ita-300a", "csv"), list(standards.ITA_300A_COLUMNS),
                             [list(ctx.ita.values())], bom=False)


class PrivacyListView(OshaMixin, View):
    """The confidential privacy-case list of an establishment and year: case number → name. Area "privacy"."""

    area = "privacy"

    def get(self, request):
        form, unit, ctx = self.read()
        return render(request, "incidents/forms/privacy_list.html", {
            **ctx.as_dict(), "form": form, "cases": osha.privacy_cases(ctx.lines), "query": self.query(form),
        })

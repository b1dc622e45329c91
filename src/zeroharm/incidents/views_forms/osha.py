"""The OSHA forms 300, 300A and 301, the ITA upload file and the privacy-case list."""

from __future__ import annotations

import re

from django import forms
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views import View

from zeroharm.core.filtersets import MAX_ID
from zeroharm.core.forms import BoundedDateField
from zeroharm.core.roles import Action
from zeroharm.core.scoping import units_for
from zeroharm.core.views import UnitScopeMixin
from zeroharm.incidents import osha, standards
from zeroharm.incidents.choices import OshaCaseType
from zeroharm.incidents.views_forms.access import _date_input
from zeroharm.org.choices import UnitKind
from zeroharm.org.models import OrgUnit

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
    # A US state (州), not a workflow state (状态): the word needs its own context to be translated apart.
    state = forms.CharField(label=pgettext_lazy("US state", "State"), max_length=2, required=False)
    zip = forms.CharField(label=gettext_lazy("ZIP"), max_length=10, required=False)
    naics = forms.CharField(
        label=gettext_lazy("NAICS code"),
        max_length=6,
        required=False,
        help_text=gettext_lazy("Six digits, e.g. 332710."),
    )
    industry_description = forms.CharField(label=gettext_lazy("Industry description"), max_length=300, required=False)
    company_name = forms.CharField(label=gettext_lazy("Company name"), max_length=100, required=False)
    ein = forms.CharField(
        label=gettext_lazy("EIN"),
        max_length=12,
        required=False,
        help_text=gettext_lazy("Employer identification number, 9 digits (optional)."),
    )
    establishment_type = forms.ChoiceField(
        label=gettext_lazy("Establishment type"), choices=ESTABLISHMENT_TYPES, required=False
    )
    pay_periods = forms.CharField(
        label=gettext_lazy("Employees paid in each pay period"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "One number per pay period, separated by spaces, commas or lines; periods with "
            "no employees count as 0. Leave empty to use the monthly headcounts of the "
            "man-hours as 12 pay periods."
        ),
    )
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
            name=d.get("name") or "",
            street=d.get("street") or "",
            city=d.get("city") or "",
            state=d.get("state") or "",
            zip=d.get("zip") or "",
            naics=d.get("naics") or "",
            industry_description=d.get("industry_description") or "",
            ein=d.get("ein") or "",
            company_name=d.get("company_name") or "",
            establishment_type=d.get("establishment_type") or "1",
            executive_name=d.get("executive_name") or "",
            executive_title=d.get("executive_title") or "",
            executive_phone=d.get("executive_phone") or "",
            signed_on=d.get("signed_on"),
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
            "unit": self.unit,
            "year": self.year,
            "est": self.est,
            "lines": self.lines,
            "summary": self.summary,
            "worksheet": self.worksheet,
            "pay_periods": self.pay_periods,
            "pay_periods_entered": self.pay_periods_entered,
            "annual_average": self.annual_average,
            "employee_periods": self.employee_periods,
            "hours": self.hours,
            "months_missing": self.months_missing,
            "ita": self.ita,
            "ita_problems": self.ita_problems,
            "case_types": OshaCaseType.choices,
        }


ESTABLISHMENT_FIELDS = (
    "name",
    "street",
    "city",
    "state",
    "zip",
    "naics",
    "industry_description",
    "company_name",
    "ein",
    "establishment_type",
    "executive_name",
    "executive_title",
    "executive_phone",
    "signed_on",
    "pay_periods",
)


class OshaMixin(UnitScopeMixin):
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
            root = OrgUnit.objects.filter(path=unit.path[: unit.steplen]).only("name").first()
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
        return render(
            request,
            self.template_name,
            {
                **ctx.as_dict(),
                "form": form,
                "query": self.query(form),
                "ita_refused": ita_refused,
                "may_see_privacy_list": may_see_privacy_list,
                "posting": standards.summary_300a_posting(ctx.year),
                "ita_due": standards.ita_due(ctx.year),
            },
            status=status,
        )

"""The OSHA forms as documents: the 300 log, the 300A summary, the 301 report, the ITA file, privacy cases."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views import View

from zeroharm.core.reports import ReportView
from zeroharm.incidents import osha, standards
from zeroharm.incidents.choices import OshaCaseType
from zeroharm.incidents.views_forms.access import _csv_response
from zeroharm.incidents.views_forms.osha import OshaMixin, OshaView


def _check(line: osha.LogLine, attribute: str) -> str:
    return "X" if getattr(line, attribute) else ""


def _log_header() -> list[str]:
    return [
        _("(A) Case no."),
        _("(B) Employee's name"),
        _("(C) Job title"),
        _("(D) Date of injury or onset of illness"),
        _("(E) Where the event occurred"),
        _("(F) Injury or illness, parts of body affected, object or substance"),
        _("(G) Death"),
        _("(H) Days away from work"),
        _("(I) Job transfer or restriction"),
        _("(J) Other recordable cases"),
        _("(K) Days away from work"),
        _("(L) Days on job transfer or restriction"),
        *(_("(M%(code)s) %(label)s") % {"code": code, "label": label} for code, label in OshaCaseType.choices),
    ]


def _log_row(line: osha.LogLine) -> list:
    return [
        line.case_no,
        line.name,
        line.job_title,
        line.date.isoformat(),
        line.where,
        line.description,
        _check(line, "death"),
        _check(line, "days_away_case"),
        _check(line, "restricted_case"),
        _check(line, "other_case"),
        line.days_away,
        line.restricted_days,
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
        totals = [
            _("Totals"),
            "",
            "",
            "",
            "",
            "",
            s.G,
            s.H,
            s.I,
            s.J,
            s.K,
            s.L,
            *(s.M.get(code, 0) for code in OshaCaseType.values),
        ]
        return _log_header(), [_log_row(line) for line in ctx.lines] + [totals]


class Osha300AView(OshaReportView):
    """The 300A summary with its worksheet and consistency errors: PDF or CSV."""

    pdf_template_name = "incidents/forms/osha_300a_pdf.html"
    form_name = "300A"

    def table(self, context, fmt):
        ctx = context["ctx"]
        s, est = ctx.summary, ctx.est
        rows = [
            [_("Establishment name"), est.name],
            [_("Street"), est.street],
            [_("City"), est.city],
            [pgettext("US state", "State"), est.state],
            [_("ZIP"), est.zip],
            [_("Industry description"), est.industry_description],
            [_("NAICS code"), est.naics],
            [_("Year"), ctx.year],
            [_("(G) Total number of deaths"), s.G],
            [_("(H) Total number of cases with days away from work"), s.H],
            [_("(I) Total number of cases with job transfer or restriction"), s.I],
            [_("(J) Total number of other recordable cases"), s.J],
            [_("(K) Total number of days away from work"), s.K],
            [_("(L) Total number of days of job transfer or restriction"), s.L],
            *([_("(M%(code)s) %(label)s") % {"code": code, "label": label}, count] for code, label, count in s.m_rows),
            [_("Annual average number of employees"), ctx.annual_average],
            [_("Total hours worked by all employees last year"), ctx.hours],
            [_("Company executive"), est.executive_name],
            [_("Title"), est.executive_title],
            [_("Phone"), est.executive_phone],
            [_("Date"), est.signed_on.isoformat() if est.signed_on else ""],
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
        header = (
            [f"{number} {label}" for number, label, _value in cases[0][1]] if cases else [_("Case number from the Log")]
        )
        return header, [[value for _n, _l, value in fields] for _line, fields in cases]


class ItaView(OshaMixin, View):
    """The ITA 300A upload CSV: the header row of docs/standards/osha-recordkeeping.md#ita-300a-upload-columns
    and one row; refused with the reasons
    (the forms page, status 400) while the ITA would reject it."""

    def get(self, request):
        form, unit, ctx = self.read()
        if not form.is_valid() or ctx.ita_problems:
            return OshaView.as_view()(request, status=400, ita_refused=True)
        return _csv_response(
            self.filename(ctx, "ita-300a", "csv"), list(standards.ITA_300A_COLUMNS), [list(ctx.ita.values())], bom=False
        )


class PrivacyListView(OshaMixin, View):
    """The confidential privacy-case list of an establishment and year: case number → name. Area "privacy"."""

    area = "privacy"

    def get(self, request):
        form, unit, ctx = self.read()
        return render(
            request,
            "incidents/forms/privacy_list.html",
            {
                **ctx.as_dict(),
                "form": form,
                "cases": osha.privacy_cases(ctx.lines),
                "query": self.query(form),
            },
        )

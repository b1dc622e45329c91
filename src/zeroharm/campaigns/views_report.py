"""The closing report of a campaign (point 8): the live preview drafted from the records under a unit (a page, a PDF
and an xlsx of the figures per unit, core.reports), drafting the report from it, the report itself (its figures live
while a draft, frozen once issued; its sections edited on the page), issuing it, and its PDF and Word file as kept.
Thin: the services write, the selectors compute."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from zeroharm.campaigns.documents import unit_header, unit_rows
from zeroharm.campaigns.forms_report import ClosingReportForm
from zeroharm.campaigns.models import ClosingReport, ReportSection
from zeroharm.campaigns.selectors.report import report_figures
from zeroharm.campaigns.services.report import report_draft, report_issue, report_save
from zeroharm.campaigns.services.report_drafting import section_drafts
from zeroharm.campaigns.views_board import CampaignUnitView
from zeroharm.core import steps
from zeroharm.core import views as generic
from zeroharm.core.reports import ReportView
from zeroharm.core.roles import Action
from zeroharm.core.scoping import can, units_for
from zeroharm.core.services import ConcurrentEditError
from zeroharm.org.selectors import group_name

__all__ = ["ClosingPreviewView", "ClosingDraftView", "ClosingReportView", "ClosingStepView", "ClosingFileView"]


class ClosingPreviewView(CampaignUnitView, ReportView):
    """What the report would say today under a unit, before (or besides) the kept report."""

    template_name = "campaigns/report.html"
    pdf_template_name = "campaigns/closing_report_pdf.html"
    formats = ("pdf", "xlsx")

    def build(self) -> dict:
        campaign, unit = self.campaign_and_unit(self.kwargs["pk"])
        figures = report_figures(campaign, unit, self.request.user, timezone.localdate())
        drafts = section_drafts(figures)
        kept = ClosingReport.objects.visible_to(self.request.user).filter(
            campaign=campaign, unit=unit, is_archived=False
        )
        may_draft = units_for(self.request.user, "campaigns", Action.ADD).filter(pk=unit.pk).exists()
        return {
            "object": campaign,
            "unit": unit,
            "title": _("Closing report") + f" · {campaign.name}",
            "group": group_name(unit),
            "figures": figures,
            "sections": [(key, label, drafts[key]) for key, label in ReportSection.choices],
            "query": f"unit={unit.pk}",
            "kept": kept.first(),
            "may_draft": may_draft,
        }

    def filename(self, context, fmt):
        return f"{_('closing report')} {context['object'].name} {context['unit'].code}.{fmt}"

    def table(self, context, fmt):
        return unit_header(), unit_rows(context["figures"])


class ClosingDraftView(CampaignUnitView):
    """Draft the kept report for the unit of the preview (posted from it)."""

    def post(self, request, pk):
        campaign, unit = self.campaign_and_unit(pk)
        try:
            report = report_draft(campaign=campaign, unit=unit, acting_user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return HttpResponseRedirect(reverse("campaigns:report", args=[campaign.pk]) + f"?unit={unit.pk}")
        messages.success(request, _("Drafted from the records: complete it, then issue it."))
        return HttpResponseRedirect(report.get_absolute_url())


class ClosingReportView(generic.ObjectDetailView):
    model = ClosingReport
    template_name = "campaigns/closing_report_detail.html"
    select_related = ("campaign", "unit", "drafted_by", "issued_by")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        report, user = self.object, self.request.user
        if report.is_draft:
            ctx["figures"] = report_figures(report.campaign, report.unit, user, timezone.localdate())
        else:
            ctx["figures"] = report.figures
        ctx.update(
            sections=report.section_texts(),
            may_edit=report.is_draft and can(user, Action.CHANGE, report),
            may_issue=report.is_draft and can(user, Action.APPROVE, report),
        )
        if ctx["may_edit"] and "form" not in kwargs:
            ctx["form"] = ClosingReportForm.for_report(report)
        return ctx

    def post(self, request, pk):
        self.object = report = self.get_object()
        if not (report.is_draft and can(request.user, Action.CHANGE, report)):
            raise PermissionDenied(_("Only a draft is edited, by those who may change it."))
        form = ClosingReportForm.for_report(report, request.POST)
        if form.is_valid():
            try:
                report_save(
                    report=report,
                    acting_user=request.user,
                    expected_version=form.cleaned_data["version"],
                    title=form.cleaned_data["title"],
                    sections=form.sections(),
                )
            except ConcurrentEditError:
                messages.error(request, _("Someone saved this report since you opened it: your edits are below."))
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Saved."))
                return HttpResponseRedirect(report.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ClosingStepView(steps.StepView):
    """Issuing, posted from the report's page."""

    model = ClosingReport
    inline = True
    steps = {"issue": steps.Step(None, gettext_lazy("Issue"))}

    def take(self, step, record, form):
        return report_issue(
            report=record,
            acting_user=self.request.user,
            expected_version=form.cleaned_data["version"],
            request=self.request,
        )

    def done_message(self, step, record, result):
        return _("Issued: the figures and text are kept as they are now, with the PDF and the Word file.")


class ClosingFileView(generic.ScopedMixin, View):
    """The issued report's PDF or Word file, as kept when it was issued."""

    model = ClosingReport

    def get(self, request, pk, fmt):
        report = get_object_or_404(self.get_queryset(), pk=pk)
        stored = report.pdf if fmt == "pdf" else report.docx if fmt == "docx" else None
        if not stored:
            raise Http404
        name = stored.name.rsplit("/", 1)[-1]
        return FileResponse(stored.open("rb"), as_attachment=fmt == "docx", filename=name)

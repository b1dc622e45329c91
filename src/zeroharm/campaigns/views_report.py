"""The closing report of a campaign (core.reports): a page, a PDF and an xlsx of the figures per unit, drafted from
the records under the unit asked for (the campaign's scope unit by default)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from zeroharm.campaigns.selectors.report import closing_report
from zeroharm.campaigns.views_board import CampaignUnitView
from zeroharm.core.reports import ReportView

__all__ = ["ClosingReportView"]


class ClosingReportView(CampaignUnitView, ReportView):
    template_name = "campaigns/report.html"
    pdf_template_name = "campaigns/report_pdf.html"
    formats = ("pdf", "xlsx")

    def build(self) -> dict:
        campaign, unit = self.campaign_and_unit(self.kwargs["pk"])
        today = timezone.localdate()
        return {
            "object": campaign,
            "unit": unit,
            "today": today,
            "query": f"unit={unit.pk}",
            **closing_report(campaign, unit, self.request.user, today),
        }

    def filename(self, context, fmt):
        return f"{_('closing report')} {context['object'].name} {context['unit'].code}.{fmt}"

    def table(self, context, fmt):
        header = [
            _("unit"),
            _("tasks"),
            _("done"),
            _("accepted"),
            _("overdue"),
            _("people"),
            _("pledge signed"),
            _("activities"),
            _("participants"),
            _("hidden dangers found"),
            _("rectified"),
        ]
        rows = [_row(child.name, child.figures) for child in context["board"].children]
        if context["board"].own:
            rows.append(_row(context["unit"].name, context["board"].own))
        rows.append(_row(_("Total"), context["total"]))
        return header, rows


def _row(name, p) -> list:
    return [
        name,
        p.tasks,
        p.done,
        p.accepted,
        p.overdue,
        p.pledge.people,
        p.pledge.signed,
        p.activities,
        p.participants,
        p.hazards_found,
        p.hazards_rectified,
    ]

"""A team's briefing log (班前会记录) for a month through the report scaffold (core.reports): the page, the PDF to
print and file, and one row per briefing as xlsx or csv. Whoever may view the team's briefings over a subtree reads
it; another branch's team is not found."""

from __future__ import annotations

import datetime

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from zeroharm.core.reports import ReportView
from zeroharm.core.views import UnitScopeMixin
from zeroharm.teams.models import Briefing
from zeroharm.teams.selectors.briefing_log import briefing_log

__all__ = ["BriefingLogView"]


def _month(value: str) -> datetime.date:
    """?month=YYYY-MM, else the current month."""
    try:
        month = datetime.datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        return timezone.localdate().replace(day=1)
    return month if 2000 <= month.year <= 2100 else timezone.localdate().replace(day=1)


def _yes_no(value) -> str:
    return "" if value is None else _("yes") if value else _("no")


def _rules_text(entry) -> str:
    """The rules of the day, one a line; a paper log's as it wrote it."""
    lines = [f"{r.get('procedure')} {r.get('number')}. {r.get('text')}" for r in entry.rules]
    return "\n".join([*lines, entry.paper_rule] if entry.paper_rule else lines)


def _local(value):
    return timezone.localtime(value) if value else None


class BriefingLogView(UnitScopeMixin, ReportView):
    """/teams/team/<team>/log/?month=2026-12: the team's briefings of the month."""

    area = Briefing.scope_area
    template_name = "teams/briefing_log.html"
    pdf_template_name = "teams/briefing_log_pdf.html"
    formats = ("pdf", "csv", "xlsx")

    def build(self):
        team = get_object_or_404(self.scope_units().filter(kind="team"), pk=self.kwargs["pk"])
        month = _month(self.request.GET.get("month", ""))
        log = briefing_log(team, month)
        previous = (month - datetime.timedelta(days=1)).replace(day=1)
        following = (log.last + datetime.timedelta(days=1)).replace(day=1)
        return {
            "team": team,
            "month": month,
            "log": log,
            "entries": log.entries,
            "totals": log.totals,
            "previous": f"{previous:%Y-%m}",
            "following": f"{following:%Y-%m}",
            "printed_at": timezone.now(),
        }

    def filename(self, context, fmt):
        return f"briefing-log-{context['team'].code}-{context['month']:%Y-%m}.{fmt}"

    def table(self, context, fmt):
        header = [
            _("day"),
            _("shift"),
            _("status"),
            _("opened at"),
            _("closed at"),
            _("minutes"),
            _("held late"),
            _("held by"),
            _("rules of the day"),
            _("present"),
            _("on the roster"),
            _("absent"),
            _("excused"),
            _("refused"),
            _("signed by"),
            _("signed at"),
            _("still as signed"),
        ]
        rows = [
            [
                e.day,
                e.shift_label,
                e.status_label,
                _local(e.opened_at),
                _local(e.closed_at),
                e.minutes,
                _yes_no(e.held_late),
                "" if e.not_held else e.leader,
                _rules_text(e),
                e.present,
                e.roster,
                "、".join(e.absent),
                "、".join(e.excused),
                "、".join(name for name, _why in e.refused),
                e.signature.signer_name if e.signature else "",
                _local(e.signature.signed_at) if e.signature else None,
                _yes_no(e.still_valid),
            ]
            for e in context["entries"]
        ]
        return header, rows

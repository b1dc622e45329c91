"""Writing a campaign's closing report: drafting it from the records under one unit of the campaign's scope, saving
the organisers' edits, issuing it.

Drafting writes the sections' first text from the figures; afterwards the figures stay live (the page reads them
again) until the report is issued, which freezes them with the text, makes the PDF and the Word file from that
frozen content and keeps both. An issued report is never edited: a correction is an archived report and a new
draft."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from zeroharm.campaigns.models import Campaign, ClosingReport, ReportSection
from zeroharm.campaigns.selectors.report import report_figures
from zeroharm.campaigns.services.report_drafting import section_drafts
from zeroharm.core.roles import Action
from zeroharm.core.scoping import can, units_for
from zeroharm.core.services import record_create, record_lock, record_step_save

__all__ = ["report_draft", "report_save", "report_issue"]


def _title(campaign: Campaign, unit) -> str:
    return _("%(unit)s: closing report of %(campaign)s") % {"unit": unit.name, "campaign": campaign.name}


@transaction.atomic
def report_draft(*, campaign: Campaign, unit, acting_user, today: datetime.date | None = None) -> ClosingReport:
    """A new draft for `unit` (the campaign's scope unit or a unit under it), its sections drafted from the records."""
    today = today or timezone.localdate()
    if not units_for(acting_user, "campaigns", Action.ADD).filter(pk=unit.pk).exists():
        raise PermissionDenied(_("Your roles do not allow writing this unit's closing reports."))
    if not unit.path.startswith(campaign.unit.path):
        raise ValidationError({"unit": _("The unit is not in the campaign's scope.")})
    if campaign.starts_on > today:
        raise ValidationError(_("The campaign has not begun yet: nothing to report."))
    if ClosingReport.objects.filter(campaign=campaign, unit=unit, is_archived=False).exists():
        raise ValidationError(_("%(unit)s already has a closing report of this campaign: open it.") % {"unit": unit})
    figures = report_figures(campaign, unit, acting_user, today)
    return record_create(
        model=ClosingReport,
        data={
            "campaign": campaign,
            "unit": unit,
            "title": _title(campaign, unit),
            "sections": {str(k): v for k, v in section_drafts(figures).items()},
            "drafted_by": acting_user,
        },
        acting_user=acting_user,
    )


def _locked_draft(report: ClosingReport, acting_user, expected_version: int | None) -> ClosingReport:
    report = record_lock(report, expected_version)
    if not can(acting_user, Action.CHANGE, report):
        raise PermissionDenied(_("Your roles do not allow changing this closing report."))
    if not report.is_draft:
        raise ValidationError(_("An issued report is the record of the campaign: it is not changed."))
    return report


@transaction.atomic
def report_save(
    *, report: ClosingReport, acting_user, expected_version: int | None, title: str, sections: dict[str, str]
) -> ClosingReport:
    """The organisers' edits in one save: the title and each section's text (sections not posted keep theirs)."""
    report = _locked_draft(report, acting_user, expected_version)
    report.title = title
    report.sections = {key: sections.get(key, report.sections.get(key, "")) for key in ReportSection.values}
    return record_step_save(report, acting_user, gettext_noop("edited"), clean=True)


def _issue_checks(report: ClosingReport) -> None:
    empty = [label for key, label, text in report.section_texts() if not text.strip()]
    if empty:
        raise ValidationError(
            _("Write every section before issuing; still empty: %(which)s") % {"which": ", ".join(map(str, empty))}
        )


@transaction.atomic
def report_issue(*, report: ClosingReport, acting_user, expected_version: int | None, request=None) -> ClosingReport:
    """Freeze the figures and text, make the PDF and the Word file from them and keep both."""
    from zeroharm.campaigns.documents import report_docx, report_pdf

    report = _locked_draft(report, acting_user, expected_version)
    if not can(acting_user, Action.APPROVE, report):
        raise PermissionDenied(_("Your roles do not allow issuing this closing report."))
    _issue_checks(report)
    today = min(report.campaign.ends_on, timezone.localdate())
    report.figures = report_figures(report.campaign, report.unit, acting_user, today)
    report.state, report.issued_by, report.issued_at = ClosingReport.State.ISSUED, acting_user, timezone.now()
    name = f"closing-{report.campaign_id}-{report.unit.code or report.unit.pk}"
    report.pdf.save(f"{name}.pdf", ContentFile(report_pdf(report, request)), save=False)
    report.docx.save(f"{name}.docx", ContentFile(report_docx(report)), save=False)
    return record_step_save(report, acting_user, gettext_noop("issued"))

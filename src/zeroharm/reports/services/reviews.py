"""Writing summary reviews: drafting one from the records, saving the department's edits, issuing it.

Drafting computes the figures once to write the sections' first text and the deficiencies found by the analysis;
afterwards the figures stay live (the page reads them again) until the review is issued, which freezes them with the
text, makes the PDF and the Word file from that frozen content, and keeps both. An issued review is never edited: a
correction is an archived review and a new draft. Only the plan's items stay open to tracking (done or not), since
the next period is when they are done."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from zeroharm.core.roles import Action
from zeroharm.core.scoping import can, units_for
from zeroharm.core.services import record_create, record_lock, record_step_save
from zeroharm.reports.choices import DeficiencySource, ReviewKind, ReviewState, SectionKey
from zeroharm.reports.models import Deficiency, PlanItem, ReviewSection, SummaryReview
from zeroharm.reports.selectors.deficiencies import drafted_deficiencies
from zeroharm.reports.selectors.figures import period_of, snapshot, summary_figures
from zeroharm.reports.services.drafting import section_drafts

__all__ = ["review_draft", "review_save", "review_issue", "plan_item_done", "MAX_PLAN_ITEMS", "MAX_DEFICIENCIES"]

MAX_PLAN_ITEMS = 100
MAX_DEFICIENCIES = 100


def _title(unit, kind: str, year: int) -> str:
    return _("%(unit)s: safety work summary, %(period)s %(year)s") % {
        "unit": unit.name,
        "period": ReviewKind(kind).label,
        "year": year,
    }


def _refuse_unless_may(user, unit, action: str) -> None:
    if not units_for(user, "reviews", action).filter(pk=unit.pk).exists():
        raise PermissionDenied(_("Your roles do not allow writing this unit's summary reviews."))


@transaction.atomic
def review_draft(*, unit, kind: str, year: int, acting_user, today: datetime.date | None = None) -> SummaryReview:
    """A new draft for `unit`'s subtree and period, its sections and deficiencies drafted from the records."""
    today = today or timezone.localdate()
    _refuse_unless_may(acting_user, unit, Action.ADD)
    start, end = period_of(kind, year)
    if start > today:
        raise ValidationError({"year": _("That period has not begun yet: nothing to summarise.")})
    if SummaryReview.objects.filter(unit=unit, kind=kind, year=year, is_archived=False).exists():
        raise ValidationError(
            {"kind": _("%(unit)s already has a summary review of this period: open it.") % {"unit": unit.name}}
        )
    figures = summary_figures(acting_user, unit, kind, year, today=today)
    review = record_create(
        model=SummaryReview,
        data={
            "unit": unit,
            "kind": kind,
            "year": year,
            "starts_on": start,
            "ends_on": end,
            "title": _title(unit, kind, year),
            "drafted_by": acting_user,
        },
        acting_user=acting_user,
    )
    drafts = section_drafts(figures)
    ReviewSection.objects.bulk_create(
        ReviewSection(review=review, key=key, order=order, text=drafts[key], drafted=drafts[key])
        for order, key in enumerate(SectionKey.values)
    )
    Deficiency.objects.bulk_create(
        Deficiency(review=review, source=d.source, finding=d.finding, records_url=d.records_url, order=n)
        for n, d in enumerate(drafted_deficiencies(acting_user, figures)[:MAX_DEFICIENCIES])
    )
    return review


def _locked_draft(review: SummaryReview, acting_user, expected_version: int | None) -> SummaryReview:
    review = record_lock(review, expected_version)
    if not can(acting_user, Action.CHANGE, review):
        raise PermissionDenied(_("Your roles do not allow changing this summary review."))
    if review.state != ReviewState.DRAFT:
        raise ValidationError(_("An issued review is the record of that review: it is not changed."))
    return review


@transaction.atomic
def review_save(
    *,
    review: SummaryReview,
    acting_user,
    expected_version: int | None,
    title: str,
    sections: dict[str, str],
    deficiencies: list[dict],
    plan: list[dict],
) -> SummaryReview:
    """The department's edits in one save: the title, each section's text, the deficiencies (each kept one with its
    finding, cause and confirmation; `id` None for one they add) and the plan's items, as the form has them."""
    review = _locked_draft(review, acting_user, expected_version)
    if len(deficiencies) > MAX_DEFICIENCIES or len(plan) > MAX_PLAN_ITEMS:
        raise ValidationError(_("At most %(n)s deficiencies and plan items.") % {"n": MAX_PLAN_ITEMS})
    review.title = title
    for section in review.sections.all():
        if section.key in sections and sections[section.key] != section.text:
            section.text = sections[section.key]
            section.save(update_fields=["text"])
    _replace_deficiencies(review, deficiencies)
    _replace_plan(review, plan)
    return record_step_save(review, acting_user, gettext_noop("edited"))


def _replace_deficiencies(review: SummaryReview, rows: list[dict]) -> None:
    existing = {d.pk: d for d in review.deficiencies.all()}
    kept = []
    for order, row in enumerate(rows):
        item = existing.get(row.get("id")) or Deficiency(review=review, source=DeficiencySource.ADDED)
        item.finding, item.cause, item.confirmed, item.order = row["finding"], row["cause"], row["confirmed"], order
        item.save()
        kept.append(item.pk)
    review.deficiencies.exclude(pk__in=kept).delete()


def _replace_plan(review: SummaryReview, rows: list[dict]) -> None:
    existing = {p.pk: p for p in review.plan_items.all()}
    kept = []
    for order, row in enumerate(rows):
        item = existing.get(row.get("id")) or PlanItem(review=review)
        item.text, item.owner, item.due_on, item.order = row["text"], row.get("owner"), row.get("due_on"), order
        item.save()
        kept.append(item.pk)
    review.plan_items.exclude(pk__in=kept).delete()


def _issue_checks(review: SummaryReview) -> None:
    unconfirmed = [d for d in review.deficiencies.all() if not d.confirmed or not d.cause.strip()]
    if unconfirmed:
        raise ValidationError(
            _("Confirm each deficiency and write its cause before issuing (or remove it): %(which)s")
            % {"which": "; ".join(d.finding[:60] for d in unconfirmed[:5])}
        )
    if not review.plan_items.exists():
        raise ValidationError(_("The plan for the next period has no item yet: add at least one before issuing."))


@transaction.atomic
def review_issue(*, review: SummaryReview, acting_user, expected_version: int | None, request=None) -> SummaryReview:
    """Freeze the figures and text, make the PDF and the Word file from them and keep both: the record of the review."""
    from zeroharm.reports.documents import review_docx, review_pdf

    review = _locked_draft(review, acting_user, expected_version)
    if not can(acting_user, Action.APPROVE, review):
        raise PermissionDenied(_("Your roles do not allow issuing this summary review."))
    _issue_checks(review)
    today = min(review.ends_on, timezone.localdate())
    review.figures = snapshot(summary_figures(acting_user, review.unit, review.kind, review.year, today=today))
    review.state, review.issued_by, review.issued_at = ReviewState.ISSUED, acting_user, timezone.now()
    name = f"summary-{review.unit.code or review.unit.pk}-{review.year}-{review.kind}"
    review.pdf.save(f"{name}.pdf", ContentFile(review_pdf(review, request)), save=False)
    review.docx.save(f"{name}.docx", ContentFile(review_docx(review)), save=False)
    return record_step_save(review, acting_user, gettext_noop("issued"))


def plan_item_done(*, item: PlanItem, acting_user, done_on: datetime.date | None) -> PlanItem:
    """Mark a plan item done (or not done again), on a draft or an issued review: the plan is done next period."""
    if not can(acting_user, Action.CHANGE, item.review):
        raise PermissionDenied(_("Your roles do not allow changing this summary review."))
    if done_on is not None and done_on > timezone.localdate():
        raise ValidationError({"done_on": _("A plan item is not done in the future.")})
    item.done_on = done_on
    item.save(update_fields=["done_on"])
    return item

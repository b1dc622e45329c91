"""Reading summary reviews: the plan of the unit's review before this one, which this one looks back on."""

from __future__ import annotations

from zeroharm.reports.models import PlanItem, SummaryReview

__all__ = ["previous_review", "previous_plan"]


def previous_review(review: SummaryReview) -> SummaryReview | None:
    """The unit's latest review whose period ended before this one began (not archived)."""
    earlier = SummaryReview.objects.filter(unit_id=review.unit_id, ends_on__lt=review.starts_on, is_archived=False)
    return earlier.order_by("-ends_on", "-id").first()


def previous_plan(review: SummaryReview) -> list[PlanItem]:
    """What the previous review planned for this period, each with whether it was done."""
    before = previous_review(review)
    if before is None:
        return []
    return list(before.plan_items.select_related("owner", "review"))

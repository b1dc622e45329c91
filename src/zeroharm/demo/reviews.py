"""The group's safety work summary of the last half-year (data/reviews.yaml), through the services the pages use:
drafted from the records by the group's safety department ten days after the half-year ends, each deficiency the
analysis drafted confirmed with its cause, the lessons and the next half-year's plan written, then issued with its
PDF and Word file; a plan item done since is ticked."""

from __future__ import annotations

import datetime

from zeroharm.demo.clock import midnight
from zeroharm.demo.context import Demo
from zeroharm.demo.data import load

__all__ = ["build_reviews"]


def _last_half_year(today: datetime.date, issue_day: int) -> tuple[str, int, datetime.date]:
    """(kind, year, the day it is drafted and issued) of the last half-year already reviewed by `today`."""
    july = datetime.date(today.year, 7, issue_day)
    if today > july:
        return "h1", today.year, july
    return "h2", today.year - 1, datetime.date(today.year, 1, issue_day)


def build_reviews(demo: Demo):
    data = load("reviews")
    made = {"review": "", "deficiencies": 0, "plan": 0}
    kind, year, day = _last_half_year(demo.today, data["issue_day"])
    demo.timeline.at(midnight(day) + datetime.timedelta(hours=10), lambda: _review(demo, data, kind, year, made))
    return lambda: f"{made['review']}: {made['deficiencies']} deficiencies confirmed, {made['plan']} plan items"


def _review(demo: Demo, data: dict, kind: str, year: int, made: dict) -> None:
    from django.utils import timezone

    from zeroharm.reports.choices import SectionKey
    from zeroharm.reports.services.reviews import plan_item_done, review_draft, review_issue, review_save

    safety, group, today = demo.users["safety"], demo.units[demo.root], timezone.localdate()
    review = review_draft(unit=group, kind=kind, year=year, acting_user=safety, today=today)
    sections = {section.key: section.text for section in review.sections.all()}
    sections[SectionKey.LESSONS] = f"{sections[SectionKey.LESSONS]}\n{data['lessons']}"
    deficiencies = [
        {"id": d.pk, "finding": d.finding, "cause": data["causes"].get(d.source, ""), "confirmed": True}
        for d in review.deficiencies.all()
    ]
    plan = [
        {"text": text, "owner": group.principal, "due_on": today + datetime.timedelta(days=due)}
        for text, due, _done in data["plan"]
    ]
    review = review_save(
        review=review,
        acting_user=safety,
        expected_version=review.version,
        title=review.title,
        sections=sections,
        deficiencies=deficiencies,
        plan=plan,
    )
    review = review_issue(review=review, acting_user=safety, expected_version=review.version)
    made.update(review=review.title, deficiencies=len(deficiencies), plan=len(plan))
    for item, (_text, _due, done) in zip(review.plan_items.order_by("order"), data["plan"], strict=True):
        if done is not None and today + datetime.timedelta(days=done) < demo.today:
            demo.timeline.at(
                midnight(today + datetime.timedelta(days=done)) + datetime.timedelta(hours=16),
                lambda item=item, done=done: plan_item_done(
                    item=item, acting_user=safety, done_on=today + datetime.timedelta(days=done)
                ),
            )

"""Reads of the catalogue: a requirement's hours (its own, else the national minimum), a course's page.

The national minimums are training.rules.hours'; which one a requirement defaults to depends on the kind of course
it asks for and on the industry class of the person's unit (selectors.industry), so the same requirement asks 8
学时 of a general workshop's people and 20 of a hazardous-chemicals plant's.
"""

from __future__ import annotations

from decimal import Decimal

from zeroharm.core.roles import Action
from zeroharm.training.choices import LEVEL_COURSE_KIND, CourseKind
from zeroharm.training.models import Course, Requirement, TrainingSession
from zeroharm.training.rules import hours

__all__ = ["national_minimum", "hours_needed", "course_page"]

_LEVEL_OF_KIND = {kind: level for level, kind in LEVEL_COURSE_KIND.items()}


def national_minimum(kind: str, industry: str, *, period_months: int = 12) -> Decimal | None:
    """The national minimum hours for a kind of course in an industry class; None where the rules set none."""
    if kind == CourseKind.REFRESHER:
        return hours.refresher_minimum(industry)
    if kind == CourseKind.PRINCIPAL:
        initial, annual = hours.principal_minimum(industry)
        return initial if not period_months else annual
    if kind in _LEVEL_OF_KIND:  # one level of the induction: its share of the total
        return hours.level_split(hours.induction_minimum(industry))[_LEVEL_OF_KIND[kind]]
    if kind == CourseKind.RETRAINING:  # the workshop and team levels again (Order 3 Art. 17)
        split = hours.level_split(hours.induction_minimum(industry))
        return sum((split[level] for level in hours.RETRAINING_LEVELS), Decimal(0))
    return None


def hours_needed(requirement: Requirement, industry: str) -> Decimal | None:
    """The hours a requirement asks of a person of that industry class: its own minimum when set, else what the
    facts of cleared-to-work default to (selectors.facts.default_minimum). None: a certificate only."""
    from zeroharm.training.selectors.facts import default_minimum  # facts reads national_minimum from here

    if requirement.min_hours is not None:
        return requirement.min_hours
    if not (requirement.course_id or requirement.course_kind):
        return None
    return default_minimum(requirement, industry)


def course_page(course: Course, user) -> dict:
    """What a course's page lists besides its fields: current materials, linked risk points the user may see, and
    its latest sessions in the user's scope."""
    return {
        "materials": list(course.materials.filter(is_current=True, is_archived=False).order_by("order", "id")),
        "old_materials": course.materials.filter(is_current=False).count(),
        # The related manager is the risk register's own scoped queryset: no import of the sibling app.
        "risk_points": list(course.risk_points.visible_to(user, Action.VIEW).filter(is_archived=False)),
        "sessions": list(
            TrainingSession.objects.visible_to(user, Action.VIEW)
            .filter(course=course)
            .select_related("unit")
            .order_by("-starts_at")[:20]
        ),
    }

"""Reads of the catalogue: a requirement's hours (its own, else the national minimum), a course's page.

The national minimums are training.rules.hours'; which one a requirement defaults to depends on the kind of course
it asks for and on the industry class of the person's unit (selectors.industry), so the same requirement asks 8
学时 of a general workshop's people and 20 of a hazardous-chemicals plant's.
"""

from __future__ import annotations

from decimal import Decimal

from zeroharm.core.roles import Action
from zeroharm.training.models import Course, Requirement, TrainingSession

__all__ = ["hours_needed", "course_page"]


def hours_needed(requirement: Requirement, industry: str) -> Decimal | None:
    """The hours a requirement asks of a person of that industry class: its own minimum when set, else what the
    facts of cleared-to-work default to (selectors.facts.default_minimum). None: a certificate only."""
    from zeroharm.training.selectors.facts import default_minimum

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

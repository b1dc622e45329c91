"""What the self-study pages read: the courses offered to a person, a material they may open."""

from __future__ import annotations

from django.db.models import Prefetch, Q

from zeroharm.core.roles import Action
from zeroharm.core.scoping import ORG_STEPLEN
from zeroharm.training.models import Course, CourseMaterial

__all__ = ["self_study_courses", "studyable_materials"]


def _live_materials():
    return CourseMaterial.objects.filter(is_current=True, is_archived=False)


def self_study_courses(person) -> list[Course]:
    """Courses published by the person's unit or a unit above it that have material to study, with it (2 queries)."""
    path = person.unit.path
    ancestors = [path[:end] for end in range(ORG_STEPLEN, len(path) + 1, ORG_STEPLEN)]
    materials = _live_materials().filter(minutes__gt=0).order_by("order", "id")
    return list(
        Course.objects.filter(is_archived=False, owner_unit__path__in=ancestors)
        .filter(Q(materials__in=materials))
        .distinct()
        .order_by("code")
        .prefetch_related(Prefetch("materials", queryset=materials, to_attr="study_materials"))
    )


def studyable_materials(user):
    """The current materials of the courses the user may see (the catalogue is read by every training role; a
    person with no role studies the courses of their own units)."""
    visible = Course.objects.visible_to(user, Action.VIEW).values("pk")
    person = getattr(user, "person", None)
    offered = Q(course__in=visible)
    if person is not None:
        path = person.unit.path
        ancestors = [path[:end] for end in range(ORG_STEPLEN, len(path) + 1, ORG_STEPLEN)]
        offered |= Q(course__owner_unit__path__in=ancestors)
    return _live_materials().filter(offered).select_related("course")

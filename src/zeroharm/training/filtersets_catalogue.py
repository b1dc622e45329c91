"""Filters of the catalogue's lists (pages and API alike)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zeroharm.core.filtersets import ChoicesFilter, DomainFilterSet, IdFilter, SearchFilter, SubtreeFilter
from zeroharm.org.choices import UnitKind
from zeroharm.training.choices import CertificateKind, CourseKind
from zeroharm.training.models import Course, Requirement

__all__ = ["CourseFilterSet", "RequirementFilterSet"]


class CourseFilterSet(DomainFilterSet):
    q = SearchFilter(fields=("code", "title", "description"), label=_("Code, title or description"))
    kind = ChoicesFilter(choices=CourseKind.choices, label=_("Kind"))
    ancestor_id = SubtreeFilter(unit_field="owner_unit", label=_("Owner unit (and below)"))

    class Meta:
        model = Course
        fields = ["q", "kind", "ancestor_id", "is_archived"]


class RequirementFilterSet(DomainFilterSet):
    q = SearchFilter(fields=("note", "course__title", "course__code", "position__name"), label=_("Search"))
    ancestor_id = SubtreeFilter()
    position_id = IdFilter(field_name="position_id", label=_("Position"))
    unit_kind = ChoicesFilter(choices=UnitKind.choices, label=_("Kind of unit"))
    course_kind = ChoicesFilter(choices=CourseKind.choices, label=_("Kind of course"))
    certificate_kind = ChoicesFilter(choices=CertificateKind.choices, label=_("Certificate"))

    class Meta:
        model = Requirement
        fields = ["q", "ancestor_id", "position_id", "unit_kind", "course_kind", "certificate_kind", "is_archived"]

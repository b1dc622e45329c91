"""List tables of the catalogue: the same columns feed the page and its xlsx export (core.exports)."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from zeroharm.core.tables import SECONDARY, DomainTable
from zeroharm.training.models import Course, Requirement

__all__ = ["CourseTable", "RequirementTable"]


class CourseTable(DomainTable):
    code = tables.Column(linkify=True)
    title = tables.Column(linkify=True)
    kind = tables.Column()
    hours = tables.Column(attrs={"td": {"class": "num"}})
    validity_months = tables.Column(attrs=SECONDARY)
    owner_unit = tables.Column(
        accessor="owner_unit__name", verbose_name=_("owner unit"), order_by=("owner_unit__path", "code")
    )

    class Meta(DomainTable.Meta):
        model = Course
        fields = ("code", "title", "kind", "hours", "validity_months", "owner_unit")
        order_by = ("code",)


class RequirementTable(DomainTable):
    requirement = tables.Column(
        accessor="pk", verbose_name=_("requirement"), linkify=lambda record: record.get_absolute_url(), orderable=False
    )
    unit = tables.Column(accessor="unit__name", verbose_name=_("applies in"), order_by=("unit__path", "id"))
    position = tables.Column(accessor="position__name", verbose_name=_("position"))
    unit_kind = tables.Column(attrs=SECONDARY)
    course = tables.Column(accessor="course__title", verbose_name=_("course"))
    course_kind = tables.Column()
    certificate_kind = tables.Column()
    min_hours = tables.Column(attrs={"td": {"class": "num"}}, default=_("national minimum"))
    period_months = tables.Column(attrs=SECONDARY)

    class Meta(DomainTable.Meta):
        model = Requirement
        fields = (
            "requirement",
            "unit",
            "position",
            "unit_kind",
            "course",
            "course_kind",
            "certificate_kind",
            "min_hours",
            "period_months",
        )

    def render_requirement(self, record):
        return str(record)

    def value_requirement(self, record):
        return str(record)

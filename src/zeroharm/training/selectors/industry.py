"""A unit's industry class, which sets its people's training minimums (docs/standards/training.md#hours).

A unit says its class, or takes the nearest ancestor's; the group's default is a general enterprise."""

from __future__ import annotations

from zeroharm.org.choices import IndustryClass
from zeroharm.org.models import OrgUnit

__all__ = ["industry_of", "industries_of"]


def industries_of(units) -> dict[int, str]:
    """{unit id: industry class} for these units, from one query over their ancestors' paths."""
    units = list(units)
    if not units:
        return {}
    steplen = OrgUnit.steplen
    paths = {unit.path[:end] for unit in units for end in range(steplen, len(unit.path) + 1, steplen)}
    declared = dict(
        OrgUnit.objects.filter(path__in=paths).exclude(industry_class="").values_list("path", "industry_class")
    )
    result = {}
    for unit in units:
        ancestry = (unit.path[:end] for end in range(len(unit.path), 0, -steplen))
        result[unit.pk] = next((declared[p] for p in ancestry if p in declared), IndustryClass.GENERAL)
    return result


def industry_of(unit) -> str:
    return industries_of([unit])[unit.pk]

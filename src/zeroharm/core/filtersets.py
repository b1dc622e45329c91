"""FilterSet pieces shared by UI and API: free-text search and the unit-subtree filter."""

from __future__ import annotations

from functools import reduce
from operator import or_

import django_filters
from django.apps import apps
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters.fields import DateRangeField

from zeroharm.core.roles import Action
from zeroharm.core.scoping import is_whole_tree, subtree_q, subtree_unit_ids

__all__ = ["DomainFilterSet", "IdFilter", "SearchFilter", "SubtreeFilter", "DateRangeFilter"]

MAX_ID = 2**63 - 1


class IdFilter(django_filters.NumberFilter):
    """A foreign-key id. An id that cannot exist (0, negative, beyond 64 bits) matches nothing instead of erring."""

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        if not (0 < value <= MAX_ID) or value != int(value):
            return qs.none()
        return super().filter(qs, int(value))


class BoundedDateRangeField(DateRangeField):
    def __init__(self, *args, **kwargs):
        from zeroharm.core.forms import BoundedDateField

        super().__init__(*args, **kwargs)
        self.fields = (BoundedDateField(required=False), BoundedDateField(required=False))


class DateRangeFilter(django_filters.DateFromToRangeFilter):
    """`<name>_after` / `<name>_before`, each a date in the range every filter accepts (core.forms)."""

    field_class = BoundedDateRangeField


class SearchFilter(django_filters.CharFilter):
    """`q`: case-insensitive match on any of `fields`."""

    def __init__(self, *, fields: tuple[str, ...], **kwargs):
        self.search_fields = fields
        kwargs.setdefault("label", _("Search"))
        kwargs.setdefault("max_length", 100)
        super().__init__(**kwargs)

    def filter(self, qs, value):
        value = (value or "").strip()
        if not value:
            return qs
        return qs.filter(reduce(or_, (Q(**{f"{f}__icontains": value}) for f in self.search_fields)))


class SubtreeFilter(IdFilter):
    """`ancestor_id`: records whose unit is this unit or under it (a unit outside the user's scope matches nothing)."""

    def __init__(self, *, unit_field: str = "unit", **kwargs):
        self.unit_field = unit_field
        kwargs.setdefault("label", _("In unit (and below)"))
        super().__init__(**kwargs)

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        if not (0 < value <= MAX_ID):
            return qs.none()
        request = self.parent.request
        units = apps.get_model("org", "OrgUnit").objects.visible_to(request.user, Action.VIEW)
        unit = units.filter(pk=value).only("path").first()
        if unit is None:
            return qs.none()
        if is_whole_tree(unit.path):
            return qs
        if self.unit_field == "":
            return qs.filter(subtree_q(unit.path))
        return qs.filter(**{f"{self.unit_field}__in": subtree_unit_ids(unit.path)})


class DomainFilterSet(django_filters.FilterSet):
    """Adds `is_archived` (default: active records only in the UI; the API filters only when asked)."""

    is_archived = django_filters.BooleanFilter(label=_("Archived"))

"""Filters of the training people area, shared by the pages and the API (core.filtersets)."""

from __future__ import annotations

import datetime

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zeroharm.core.filtersets import ChoicesFilter, DomainFilterSet, IdFilter, SearchFilter, SubtreeFilter
from zeroharm.core.forms import BoundedDateField
from zeroharm.org.models import Person
from zeroharm.training.choices import CertificateKind, CertificateStatus, InductionReason
from zeroharm.training.models import Absence, Certificate, Induction

__all__ = ["CertificateFilterSet", "InductionFilterSet", "AbsenceFilterSet", "ClearanceFilterSet", "MAX_DAYS"]

MAX_DAYS = 3660  # "due within" at most ten years ahead


class CertificateFilterSet(DomainFilterSet):
    q = SearchFilter(fields=("number", "person__name", "person__employee_no", "operation"))
    ancestor_id = SubtreeFilter(unit_field="person__unit")
    person_id = IdFilter(field_name="person_id", label=_("Holder"))
    kind = ChoicesFilter(choices=CertificateKind.choices, label=_("Kind"))
    status = ChoicesFilter(choices=CertificateStatus.choices, label=_("Status"))
    due_within = django_filters.NumberFilter(
        label=_("Review or expiry within (days)"), method="filter_due_within", min_value=0, max_value=MAX_DAYS
    )
    expired = django_filters.BooleanFilter(label=_("Expired"), method="filter_expired")

    class Meta:
        model = Certificate
        fields = ["q", "ancestor_id", "person_id", "kind", "status", "due_within", "expired", "is_archived"]

    def filter_due_within(self, qs, name, value):
        if value is None:
            return qs
        if not (0 <= value <= MAX_DAYS):
            return qs.none()
        today = timezone.localdate()
        until = today + datetime.timedelta(days=int(value))
        return qs.filter(Q(review_due__range=(today, until)) | Q(valid_until__range=(today, until)))

    def filter_expired(self, qs, name, value):
        if value is None:
            return qs
        lapsed = Q(valid_until__lt=timezone.localdate())
        return qs.filter(lapsed) if value else qs.exclude(lapsed)


class InductionFilterSet(DomainFilterSet):
    q = SearchFilter(fields=("person__name", "person__employee_no"))
    ancestor_id = SubtreeFilter(unit_field="person__unit")
    person_id = IdFilter(field_name="person_id", label=_("Person"))
    reason = ChoicesFilter(choices=InductionReason.choices, label=_("Reason"))
    complete = django_filters.BooleanFilter(
        field_name="completed_on", lookup_expr="isnull", exclude=True, label=_("Complete")
    )
    overdue = django_filters.BooleanFilter(label=_("Incomplete after 30 days"), method="filter_overdue")

    class Meta:
        model = Induction
        fields = ["q", "ancestor_id", "person_id", "reason", "complete", "overdue", "is_archived"]

    def filter_overdue(self, qs, name, value):
        """Still open a month after it started: a person working without their induction (SPL Art. 28)."""
        if value is None:
            return qs
        late = Q(completed_on__isnull=True, started_on__lt=timezone.localdate() - datetime.timedelta(days=30))
        return qs.filter(late) if value else qs.exclude(late)


class AbsenceFilterSet(DomainFilterSet):
    q = SearchFilter(fields=("person__name", "person__employee_no"))
    ancestor_id = SubtreeFilter(unit_field="person__unit")
    person_id = IdFilter(field_name="person_id", label=_("Person"))

    class Meta:
        model = Absence
        fields = ["q", "ancestor_id", "person_id", "is_archived"]


class BoundedDateFilter(django_filters.DateFilter):
    field_class = BoundedDateField


class ClearanceFilterSet(django_filters.FilterSet):
    """The clearance API's parameters: `unit` (its subtree's people) and `day` (judged on; default today)."""

    unit = SubtreeFilter(unit_field="unit", label=_("In unit (and below)"))
    day = BoundedDateFilter(label=_("Day"), method="judged_on")

    class Meta:
        model = Person
        fields = ["unit", "day"]

    def judged_on(self, qs, name, value):
        return qs  # not a filter: the day the people are judged on (ClearanceViewSet reads it)

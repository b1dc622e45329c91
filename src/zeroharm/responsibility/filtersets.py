"""The filters of the responsibility lists, shared by the page and its export."""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from zeroharm.core.filtersets import ChoicesFilter, DomainFilterSet, IdFilter, SearchFilter, SubtreeFilter
from zeroharm.responsibility.choices import AgreementLevel, AgreementStatus, ListStatus, TargetStanding, UnitRole
from zeroharm.responsibility.models import Agreement, AgreementTemplate, DutyList, DutyListVersion, RoleHolder

__all__ = ["DutyListFilterSet", "RoleHolderFilterSet", "AgreementFilterSet", "AgreementTemplateFilterSet"]

STATUS_CHOICES = [(ListStatus.IN_FORCE.value, _("In force")), (ListStatus.DRAFT.value, _("Has a draft"))]


class DutyListFilterSet(DomainFilterSet):
    q = SearchFilter(fields=("code", "title"), label=_("Code or title"))
    ancestor_id = SubtreeFilter()
    unit_role = ChoicesFilter(choices=UnitRole.choices, label=_("Unit role"))
    position_id = IdFilter(field_name="position_id", label=_("Post"))
    status = django_filters.ChoiceFilter(choices=STATUS_CHOICES, label=_("Status"), method="by_status")

    class Meta:
        model = DutyList
        fields = ["q", "ancestor_id", "unit_role", "position_id", "status", "is_archived"]

    def by_status(self, queryset, name, value):
        if value == ListStatus.IN_FORCE:
            return queryset.filter(current__isnull=False)
        drafts = DutyListVersion.objects.filter(duty_list=OuterRef("pk"), status=ListStatus.DRAFT)
        return queryset.filter(Exists(drafts))


class RoleHolderFilterSet(DomainFilterSet):
    q = SearchFilter(fields=("person__name", "unit__name"), label=_("Person or unit"))
    ancestor_id = SubtreeFilter()

    class Meta:
        model = RoleHolder
        fields = ["q", "ancestor_id", "is_archived"]


class AgreementFilterSet(DomainFilterSet):
    q = SearchFilter(fields=("title", "recipient__name", "issuer__name"), label=_("Title or unit"))
    ancestor_id = SubtreeFilter(unit_field="recipient")
    year = django_filters.NumberFilter(label=_("Year"), min_value=2000, max_value=2100)
    status = ChoicesFilter(choices=AgreementStatus.choices, label=_("Status"))
    level = ChoicesFilter(choices=AgreementLevel.choices, label=_("Level"))
    # The standing the nightly scan stored (the home page's "agreements at risk or missed" opens this list on it).
    standing = ChoicesFilter(choices=TargetStanding.choices, label=_("Standing"))

    class Meta:
        model = Agreement
        fields = ["q", "ancestor_id", "year", "status", "level", "standing", "is_archived"]


class AgreementTemplateFilterSet(DomainFilterSet):
    q = SearchFilter(fields=("title", "unit__name"), label=_("Title or unit"))
    ancestor_id = SubtreeFilter()
    level = ChoicesFilter(choices=AgreementLevel.choices, label=_("Level"))
    year = django_filters.NumberFilter(
        label=_("Year (templates for every year included)"), min_value=2000, max_value=2100, method="for_year"
    )

    class Meta:
        model = AgreementTemplate
        fields = ["q", "ancestor_id", "level", "year", "is_archived"]

    def for_year(self, queryset, name, value):
        return queryset.filter(Q(year=value) | Q(year__isnull=True))

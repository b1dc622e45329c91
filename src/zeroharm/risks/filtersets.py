import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zeroharm.core.filtersets import ChoicesFilter, DomainFilterSet, IdFilter, SearchFilter, SubtreeFilter
from zeroharm.risks.choices import PointKind, RiskColor
from zeroharm.risks.models import RiskPoint, SitePlan

__all__ = ["RiskPointFilterSet", "SitePlanFilterSet"]


class RiskPointFilterSet(DomainFilterSet):
    q = SearchFilter(fields=("name", "code", "location"), label=_("Name, code or place"))
    ancestor_id = SubtreeFilter()
    unit_id = IdFilter(field_name="unit_id", label=_("Unit (exactly)"))
    color = ChoicesFilter(choices=RiskColor.choices, label=_("Colour"))
    kind = ChoicesFilter(choices=PointKind.choices, label=_("Kind"))
    review_overdue = django_filters.BooleanFilter(method="filter_review_overdue", label=_("Review overdue"))

    class Meta:
        model = RiskPoint
        fields = ["q", "ancestor_id", "unit_id", "color", "kind", "review_overdue", "is_archived"]

    def filter_review_overdue(self, qs, name, value):
        today = timezone.localdate()
        return qs.filter(review_due__lt=today) if value else qs.exclude(review_due__lt=today)


class SitePlanFilterSet(DomainFilterSet):
    q = SearchFilter(fields=("title", "unit__name"), label=_("Title or unit"))
    ancestor_id = SubtreeFilter()

    class Meta:
        model = SitePlan
        fields = ["q", "ancestor_id", "is_archived"]

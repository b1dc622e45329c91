import django_filters
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zeroharm.actions.models import ActionItem, ActionKind, ActionStatus
from zeroharm.core.filtersets import (
    MAX_ID,
    ChoicesFilter,
    DateRangeFilter,
    DomainFilterSet,
    IdFilter,
    SearchFilter,
    SubtreeFilter,
)

__all__ = ["ActionFilterSet"]


class ActionFilterSet(DomainFilterSet):
    q = SearchFilter(fields=("title", "description"), label=_("Action or details"))
    ancestor_id = SubtreeFilter()
    unit_id = IdFilter(field_name="unit_id", label=_("Unit (exactly)"))
    status = ChoicesFilter(choices=ActionStatus.choices, label=_("Status"))
    kind = ChoicesFilter(choices=ActionKind.choices, label=_("Kind"))
    owner = django_filters.CharFilter(method="filter_owner", max_length=80, label=_("Owner (name or employee number)"))
    owner_id = IdFilter(field_name="owner_id", label=_("Owner (person id)"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"))
    due = DateRangeFilter(field_name="due_date", label=_("Due between"))
    source = django_filters.CharFilter(method="filter_source", max_length=120, label=_("Source record (app.model:id)"))

    class Meta:
        model = ActionItem
        fields = [
            "q",
            "ancestor_id",
            "unit_id",
            "status",
            "kind",
            "owner",
            "owner_id",
            "overdue",
            "due",
            "source",
            "is_archived",
        ]

    def filter_owner(self, qs, name, value):
        value = (value or "").strip()
        if not value:
            return qs
        return qs.filter(Q(owner__employee_no=value) | Q(owner__name__icontains=value))

    def filter_overdue(self, qs, name, value):
        late = Q(status=ActionStatus.OPEN, due_date__lt=timezone.localdate())
        return qs.filter(late) if value else qs.exclude(late)

    def filter_source(self, qs, name, value):
        label, sep, raw_pk = (value or "").strip().lower().rpartition(":")
        if not value:
            return qs
        app_label, dot, model = label.partition(".")
        if not (sep and dot and raw_pk.isdigit() and 0 < int(raw_pk) <= MAX_ID):
            return qs.none()
        try:
            content_type = ContentType.objects.get_by_natural_key(app_label, model)
        except ObjectDoesNotExist:
            return qs.none()
        return qs.filter(source_type=content_type, source_id=int(raw_pk))

import django_filters
from django.utils.translation import gettext_lazy as _

from zeroharm.core.filtersets import SearchFilter
from zeroharm.notifications.models import Channel, Delivery, DeliveryStatus, Notification


class DeliveryFilterSet(django_filters.FilterSet):
    q = SearchFilter(fields=("target", "subject"))
    status = django_filters.MultipleChoiceFilter(choices=DeliveryStatus.choices, label=_("Status"))
    channel = django_filters.ChoiceFilter(choices=Channel.choices, label=_("Channel"))

    class Meta:
        model = Delivery
        fields = ["q", "status", "channel"]


class NotificationFilterSet(django_filters.FilterSet):
    unread = django_filters.BooleanFilter(field_name="read_at", lookup_expr="isnull", label=_("Unread"))

    class Meta:
        model = Notification
        fields = ["unread", "event"]

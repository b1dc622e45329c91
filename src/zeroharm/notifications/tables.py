import django_tables2 as tables

from zeroharm.core.tables import DomainTable
from zeroharm.notifications.models import Delivery


class DeliveryTable(DomainTable):
    created_at = tables.DateTimeColumn(linkify=True)

    class Meta(DomainTable.Meta):
        model = Delivery
        fields = ("created_at", "channel", "target", "subject", "status", "attempts", "last_error", "sent_at")

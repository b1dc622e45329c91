from django.utils.translation import gettext_lazy as _

from zeroharm.core.registry import NavItem, register_nav, register_scan
from zeroharm.notifications.services import delivery_retry_due

register_nav("admin", NavItem(_("Deliveries"), "notifications:delivery_list", "notifications", order=40))


@register_scan("notifications.retry_due")
def retry_due_deliveries() -> str:
    return f"{delivery_retry_due()} deliveries re-queued"

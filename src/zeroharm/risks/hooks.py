from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from zeroharm.core.cache import register_counted
from zeroharm.core.registry import NavItem, OpenTask, register_nav, register_scan, register_task_provider
from zeroharm.core.roles import Audience
from zeroharm.risks.services import may_configure

register_nav(
    "mine",
    NavItem(_("Four-colour risk map"), "risks:map", "risks", order=40, audiences=frozenset({Audience.UNIT_HEADS})),
)
register_nav("prevention", NavItem(_("Risk points"), "risks:riskpoint_list", "risks", order=10))
register_nav("prevention", NavItem(_("Four-colour risk map"), "risks:map", "risks", order=20))
register_nav("prevention", NavItem(_("Site plans"), "risks:siteplan_list", "risks", order=30))
register_nav(
    "admin",
    NavItem(
        _("Risk bands and control levels"), "risks:settings", "risks", order=50, check=lambda user: may_configure(user)
    ),
)


@register_task_provider
def risk_open_tasks(user) -> list[OpenTask]:
    """Risk points in the user's care whose review date has passed, and points never assessed."""
    from django.urls import reverse
    from django.utils import timezone

    from zeroharm.core.roles import Action
    from zeroharm.core.scoping import can_anywhere
    from zeroharm.risks.models import RiskPoint

    if not can_anywhere(user, RiskPoint, Action.CHANGE):
        return []
    mine = RiskPoint.objects.visible_to(user, Action.CHANGE).filter(is_archived=False)
    counts = mine.aggregate(
        overdue=Count("id", filter=Q(review_due__lt=timezone.localdate())),
        unassessed=Count("id", filter=Q(color="")),
    )
    url = reverse("risks:riskpoint_list")
    tasks = []
    if counts["overdue"]:
        tasks.append(
            OpenTask(_("Risk points whose review is overdue"), f"{url}?review_overdue=true", counts["overdue"])
        )
    if counts["unassessed"]:
        tasks.append(OpenTask(_("Risk points not assessed yet"), url, counts["unassessed"]))
    return tasks


@register_scan("risks.reviews")
def risk_review_scan() -> str:
    from django.utils import timezone

    from zeroharm.risks.scans import review_scan

    return review_scan(today=timezone.localdate())


# The home page's figures count these (core.cache forgets them when one is written).
register_counted("risks.RiskPoint")

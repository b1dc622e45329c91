from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zeroharm.core.cache import register_counted
from zeroharm.core.registry import (
    GlanceFigure,
    NavItem,
    OpenTask,
    register_glance,
    register_nav,
    register_scan,
    register_task_provider,
)
from zeroharm.core.roles import Action, Audience
from zeroharm.core.tallies import Figure, register_tally, tally_counts
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


# What the home page counts per unit (core.tallies): points by their next review's day ("review overdue",
# risks.filtersets, is the days before today), and points never assessed.
register_tally("risks.RiskPoint", "review", Q(is_archived=False), day_field="review_due")
register_tally("risks.RiskPoint", "unassessed", Q(is_archived=False, color=""))
# The home page's state of safety: the points of the two upper colours (the list's colour filter).
register_tally("risks.RiskPoint", "red", Q(is_archived=False, color="red"))
register_tally("risks.RiskPoint", "orange", Q(is_archived=False, color="orange"))


@register_glance("state")
def red_and_orange(user, today) -> list[GlanceFigure]:
    """Red (major) and orange (larger) risk points in the user's scope: one SUM of per-unit tallies."""
    from django.urls import reverse

    from zeroharm.risks.models import RiskPoint

    counts = tally_counts(user, RiskPoint, Action.VIEW, {"red": Figure("red"), "orange": Figure("orange")})
    url = f"{reverse('risks:riskpoint_list')}?is_archived=false"
    return [
        GlanceFigure(_("Red risk points"), counts["red"], f"{url}&color=red", 30),
        GlanceFigure(_("Orange risk points"), counts["orange"], f"{url}&color=orange", 31),
    ]


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
    figures = {"overdue": Figure("review", before=timezone.localdate()), "unassessed": Figure("unassessed")}
    counts = tally_counts(user, RiskPoint, Action.CHANGE, figures)
    url = f"{reverse('risks:riskpoint_list')}?is_archived=false"  # what the figures count
    tasks = []
    if counts["overdue"]:
        tasks.append(
            OpenTask(_("Risk points whose review is overdue"), f"{url}&review_overdue=true", counts["overdue"])
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

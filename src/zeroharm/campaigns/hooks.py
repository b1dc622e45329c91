"""The campaigns area's menu entries, its deadline scan, its signed record (the pledge) and the user's own work:
a pledge to sign, a unit's task to submit."""

from django.utils.translation import gettext_lazy as _

from zeroharm.core.registry import EVERYONE, STAFF, NavItem, register_nav, register_scan, register_signed_record
from zeroharm.core.roles import Action

for _label, _url, _order, _audiences, _action in (
    (_("Campaigns"), "campaigns:campaign_list", 10, EVERYONE, Action.VIEW),
    (_("Tasks of units"), "campaigns:taskassignment_list", 20, STAFF, Action.VIEW),
    (_("Campaign activities"), "campaigns:activity_list", 25, STAFF, Action.VIEW),
    (_("New campaign"), "campaigns:campaign_add", 30, STAFF, Action.ADD),
):
    register_nav("campaigns", NavItem(_label, _url, "campaigns", order=_order, audiences=_audiences, action=_action))


@register_scan("campaigns.task_deadlines")
def task_deadline_scan() -> str:
    from django.utils import timezone

    from zeroharm.campaigns.scans import task_deadlines

    return task_deadlines(now=timezone.now())


def _pledge_now(campaign, signature):
    """What a person signed: the campaign's pledge as it reads now (a changed text no longer matches)."""
    from zeroharm.campaigns.services.pledge import pledge_content

    return pledge_content(campaign)


register_signed_record("campaigns.Campaign", _pledge_now)

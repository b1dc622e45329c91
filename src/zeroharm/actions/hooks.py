from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zeroharm.actions.models import ActionStatus
from zeroharm.core.cache import register_counted
from zeroharm.core.overdue import register_overdue
from zeroharm.core.registry import MyWork, NavItem, OpenTask, register_my_work, register_nav, register_task_provider
from zeroharm.core.tallies import register_tally

register_nav("prevention", NavItem(_("Corrective actions"), "actions:action_list", "safety", order=70))


# Open actions per unit and due date (core.tallies): "overdue" (actions.filtersets) is the days before today.
register_tally("actions.ActionItem", "open", Q(status=ActionStatus.OPEN, is_archived=False), day_field="due_date")


@register_task_provider
def action_open_tasks(user) -> list[OpenTask]:
    """Overdue actions in the units where the user may change actions (one COUNT)."""
    from django.urls import reverse

    from zeroharm.actions.models import ActionItem
    from zeroharm.actions.selectors import overdue_count
    from zeroharm.core.roles import Action
    from zeroharm.core.scoping import can_anywhere

    if not can_anywhere(user, ActionItem, Action.CHANGE):
        return []
    count = overdue_count(user)
    if not count:
        return []
    url = f"{reverse('actions:action_list')}?is_archived=false&overdue=true"  # what the figure counts
    return [OpenTask(_("Corrective actions past their due date"), url, count)]


@register_my_work
def my_actions(user, limit: int) -> tuple[dict[str, int], list[MyWork]]:
    """Open actions the user owns, and done actions the user raised waiting for their verification (one query).

    The total is given per kind ({kind label: count}), which the home page's My tasks panel accepts.
    """
    from django.utils import timezone

    from zeroharm.actions.models import ActionStatus
    from zeroharm.actions.selectors import my_work

    counts, rows = my_work(user, limit)
    today = timezone.localdate()
    to_do, to_verify = str(_("Action")), str(_("Action to verify"))
    items = [
        MyWork(kind=to_do, title=a.title, url=a.get_absolute_url(), due=a.due_date, overdue=a.due_date < today)
        if a.status == ActionStatus.OPEN
        else MyWork(kind=to_verify, title=a.title, url=a.get_absolute_url(), due=a.due_date)
        for a in rows
    ]
    return {to_do: counts["open"], to_verify: counts["done"]}, items


# The home page's figures count these (core.cache forgets them when one is written).
register_counted("actions.ActionItem")


def _overdue_actions(unit, today):
    from zeroharm.core.links import page_url

    return f"{page_url('actions:action_list')}?ancestor_id={unit.pk}&overdue=true"


# Open past their due date, for "what is overdue under a unit" (core.overdue): the list's "Overdue" filter.
register_overdue("actions", _("Actions past their due date"), "actions.ActionItem", "open", _overdue_actions)

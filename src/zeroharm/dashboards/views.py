import datetime
from collections.abc import Mapping

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import render
from django.utils import timezone
from django.views import View

from zeroharm.core.cache import per_user
from zeroharm.core.registry import glance_providers, my_work_providers, task_providers
from zeroharm.dashboards.safe_days import RESET_RULE, counters
from zeroharm.notifications.models import Notification
from zeroharm.org import selectors

MY_TASKS_SHOWN = 10


def my_tasks(user, limit: int = MY_TASKS_SHOWN) -> dict:
    """Every provider's own work of the user, merged: overdue first, then by due date (undated last).

    Returns `items` (at most `limit`), `kinds` [(kind label, count)] and `total`. A provider returns
    `(total, items)` where total is a number (all of one kind, the kind of its items) or a mapping
    {kind label: count} when it yields several kinds. Each provider runs a constant number of queries,
    so the panel does too.
    """
    items, counts = [], {}
    for provider in my_work_providers:
        total, work = provider(user, limit)
        items.extend(work)
        for kind, count in _per_kind(total, work):
            if count:
                counts[kind] = counts.get(kind, 0) + count
    items.sort(key=lambda w: (not w.overdue, w.due is None, w.due or datetime.date.max, w.title))
    return {"items": items[:limit], "kinds": sorted(counts.items()), "total": sum(counts.values())}


def _per_kind(total, work) -> list[tuple[str, int]]:
    if isinstance(total, Mapping):
        return list(total.items())
    return [(work[0].kind, total)] if total and work else []


class HomeView(LoginRequiredMixin, View):
    """The user's scope at a glance: their own tasks, their units and headcount, their inbox and open tasks."""

    def get(self, request):
        user = request.user
        inbox = Notification.objects.filter(recipient=user, read_at__isnull=True)[:5]
        return render(
            request,
            "dashboards/home.html",
            {
                **per_user("home", user, lambda: scope_figures(user)),
                "inbox": inbox,
                "reset_rule": RESET_RULE,
            },
        )


def scope_figures(user) -> dict:
    """What the home page counts over the user's scope and work: kept by core.cache until a counted record is
    written. Worked out again, the counts are sums of per-unit tallies (core.tallies) and the user's own work, so
    the first page after a write costs the scope's units, not its records (issue 11, point 18)."""
    today = timezone.localdate()
    return {
        "counters": counters(user, today),
        "glance": {section: glance(user, section, today) for section in glance_providers},
        "summary": selectors.scope_summary(user),
        "roots": list(selectors.with_headcounts(selectors.scope_roots(user))),
        "tasks": [task for provider in task_providers for task in provider(user)],
        "my_tasks": my_tasks(user),
    }


def glance(user, section: str, today) -> list:
    """Every app's figures of one section of the state of safety (core.registry.register_glance), in order."""
    figures = [figure for provider in glance_providers[section] for figure in provider(user, today)]
    return sorted(figures, key=lambda figure: (figure.order, str(figure.label)))

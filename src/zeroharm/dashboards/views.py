from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import render
from django.views import View

from zeroharm.core.registry import task_providers
from zeroharm.notifications.models import Notification
from zeroharm.org import selectors


class HomeView(LoginRequiredMixin, View):
    """The user's scope at a glance: their units and headcount, their inbox and their open tasks."""

    def get(self, request):
        user = request.user
        roots = selectors.with_headcounts(selectors.scope_roots(user))
        tasks = [task for provider in task_providers for task in provider(user)]
        inbox = Notification.objects.filter(recipient=user, read_at__isnull=True)[:5]
        return render(request, "dashboards/home.html", {
            "summary": selectors.scope_summary(user), "roots": roots, "tasks": tasks, "inbox": inbox,
        })

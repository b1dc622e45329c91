"""The first leader's view of a unit (issue 14, point 9): its first leader, the agreement they signed, each target
today with its forecast, what is overdue under it, and the same for each unit directly under it. A first leader
opens it on their own unit; others on the top unit of their scope."""

from __future__ import annotations

from django.utils import timezone
from django.views.generic import TemplateView

from zeroharm.core.views import UnitScopeMixin
from zeroharm.org.models import OrgUnit
from zeroharm.responsibility.choices import TargetStanding
from zeroharm.responsibility.selectors.leaders import leader_view

__all__ = ["LeaderView"]


class LeaderView(UnitScopeMixin, TemplateView):
    area = "responsibility"
    template_name = "responsibility/leader.html"

    def unit(self):
        if self.request.GET.get("unit"):
            return self.asked_unit()
        led = self.scope_units().filter(principal__user=self.request.user).order_by("depth").first()
        return led or self.top_unit()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        unit, today = self.unit(), timezone.localdate()
        unit = OrgUnit.objects.select_related("principal").get(pk=unit.pk)
        children = (
            self.scope_units()
            .filter(path__startswith=unit.path, depth=unit.depth + 1, is_archived=False)
            .select_related("principal")
            .order_by("path")
        )
        ctx.update(
            view=leader_view(unit, today),
            children=[leader_view(child, today) for child in children],
            standings=TargetStanding,
        )
        return ctx

"""Cleared to work on pages: a team's roster, and the panel on a person's page (core.registry person panels)."""

from __future__ import annotations

import datetime

from django.template.loader import render_to_string
from django.utils import timezone
from django.views.generic import TemplateView

from zeroharm.core.forms import EARLIEST_DATE, LATEST_DATE
from zeroharm.core.views import UnitScopeMixin
from zeroharm.training.selectors.clearance import clearance_for, roster
from zeroharm.training.selectors.people import may_see_training_of

__all__ = ["RosterView", "person_clearance_panel", "day_asked"]


def day_asked(request) -> datetime.date:
    """`?day=YYYY-MM-DD` within the bounds every page accepts; today otherwise."""
    try:
        day = datetime.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        return timezone.localdate()
    return day if EARLIEST_DATE <= day <= LATEST_DATE else timezone.localdate()


class RosterView(UnitScopeMixin, TemplateView):
    """Each person of a unit (and the units under it): cleared to work on the day or not, every gap named, and
    what lapses within 30 days. Without a unit: the user's top unit."""

    area = "training"
    template_name = "training/roster.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        unit = self.unit_in_scope(self.kwargs["unit"]) if "unit" in self.kwargs else self.top_unit()
        day = day_asked(self.request)
        rows = roster(unit, day)
        total, cleared = len(rows), sum(1 for _person, clearance in rows if clearance.cleared)
        # ?cleared=no: only those not cleared (the home page's figure opens this), judged as the whole roster is.
        only_not_cleared = self.request.GET.get("cleared") == "no"
        if only_not_cleared:
            rows = [(person, clearance) for person, clearance in rows if not clearance.cleared]
        children = self.scope_units().filter(path__startswith=unit.path, depth=unit.depth + 1, is_archived=False)
        ctx.update(
            unit=unit,
            day=day,
            rows=rows,
            cleared=cleared,
            total=total,
            only_not_cleared=only_not_cleared,
            children=children.order_by("path"),
        )
        return ctx


def person_clearance_panel(request, person) -> str:
    """The person page's "cleared to work today" panel, for those who may see the person's training."""
    if not may_see_training_of(request.user, person):
        return ""
    day = timezone.localdate()
    clearance = clearance_for([person], day)[person.pk]
    return render_to_string(
        "training/_clearance_panel.html", {"person": person, "clearance": clearance, "day": day}, request=request
    )

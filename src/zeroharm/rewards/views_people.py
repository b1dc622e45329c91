"""Pages about people: "My rewards and penalties" (what to acknowledge, read and signed on a phone) and a person's
safety record on one page (training and certificates, violations, rewards and penalties)."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views import View

from zeroharm.core.scoping import user_scope
from zeroharm.rewards.forms import AcknowledgeForm
from zeroharm.rewards.selectors.records import mine, people_visible_to, safety_record

__all__ = ["MineView", "SafetyRecordView"]


class MineView(LoginRequiredMixin, View):
    template_name = "rewards/mine.html"

    def get(self, request):
        rows = [(record, AcknowledgeForm(initial={"version": record.version})) for record in mine(request.user)]
        return render(request, self.template_name, {"rows": rows})


class SafetyRecordView(LoginRequiredMixin, View):
    """A person the user may not reach in "rewards" is not found; a user with no role there is refused."""

    template_name = "rewards/safety_record.html"

    def get(self, request, pk):
        if user_scope(request.user, "rewards", "view").empty:
            raise PermissionDenied(_("Your roles do not allow this."))
        person = get_object_or_404(people_visible_to(request.user).select_related("unit", "position"), pk=pk)
        return render(request, self.template_name, {"person": person, **safety_record(person, request.user)})

"""Pages of team safety activities: the list, an activity's page (its plan, who attended, its minutes and photo, the
steps for those who may take them, and its follow-up actions), planning and changing one, and its two steps: held or
cancelled."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy

from zeroharm.core import steps
from zeroharm.core import views as generic
from zeroharm.core.roles import Action
from zeroharm.core.scoping import can
from zeroharm.teams import filtersets, forms_activities, tables
from zeroharm.teams.models import ActivityStatus, TeamActivity
from zeroharm.teams.selectors.activities import activity_list
from zeroharm.teams.services import activities as services

__all__ = ["ActivityListView", "ActivityDetailView", "ActivityEditView", "ActivityStepView"]


class ActivityListView(generic.ObjectListView):
    model = TeamActivity
    filterset_class = filtersets.TeamActivityFilterSet
    table_class = tables.TeamActivityTable
    add_url_name = "teams:teamactivity_add"
    empty_hint = gettext_lazy(
        "A team holds its safety activity every week or month: plan the month's from the team's page, then record "
        "each as held, with its minutes, who attended and a photo, and raise its follow-up actions."
    )

    def get_queryset(self):
        return activity_list(super().get_queryset())


class ActivityDetailView(generic.ObjectDetailView):
    model = TeamActivity
    template_name = "teams/activity_detail.html"
    select_related = ("team",)
    detail_fields = ("team", "kind", "status", "planned_on", "held_on", "topic")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        activity, user = self.object, self.request.user
        may_change = activity.status == ActivityStatus.PLANNED and can(user, Action.CHANGE, activity)
        step = {"version": activity.version}
        ctx.update(
            attendees=list(activity.attendees.order_by("name", "id")),
            hold_form=forms_activities.HoldForm(initial=step, user=user, activity=activity) if may_change else None,
            cancel_form=forms_activities.CancelForm(initial=step) if may_change else None,
        )
        if not may_change:
            ctx["edit_url"] = None  # a held activity is a record of what happened; a cancelled one keeps why
        ctx["delete_url"] = None
        return ctx


class ActivityEditView(generic.ObjectEditView):
    """Plan an activity (`?team=<id>` chooses the team, as the team's page links) or change a planned one."""

    model = TeamActivity
    form_class = forms_activities.ActivityForm

    def get_object(self, queryset=None):
        if not hasattr(self, "_activity"):
            self._activity = super().get_object(queryset)
        return self._activity

    def get(self, request, *args, **kwargs):
        return self._refused() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self._refused() or super().post(request, *args, **kwargs)

    def _refused(self):
        if "pk" not in self.kwargs:
            return None
        activity = self.get_object()
        if activity.status == ActivityStatus.PLANNED:
            return None
        messages.error(self.request, services.not_planned(activity))
        return HttpResponseRedirect(activity.get_absolute_url())

    def get_initial(self):
        initial = super().get_initial()
        team = self.request.GET.get("team", "")
        if "pk" not in self.kwargs and team.isdigit():
            initial["team"] = int(team)
        return initial

    def save(self, form):
        data, _m2m = form.model_data()
        if self.object is None:
            team = data.pop("team")
            return services.activity_plan(team=team, data=data, acting_user=self.request.user)
        return services.activity_update(
            activity=self.object,
            data=data,
            acting_user=self.request.user,
            expected_version=form.cleaned_data.get("version"),
        )


class ActivityStepView(steps.StepView):
    """Held or cancelled, posted from the activity's page; a refused form comes back on a page of its own, with what
    was written in it."""

    model = TeamActivity
    action = Action.CHANGE
    template_name = "teams/activity_step.html"
    select_related = ("team",)
    steps = {
        "hold": steps.Step(forms_activities.HoldForm, gettext_lazy("Record as held")),
        "cancel": steps.Step(forms_activities.CancelForm, gettext_lazy("Cancel the activity")),
    }

    def check(self, step, activity):
        if activity.status != ActivityStatus.PLANNED:
            raise steps.StepRefused(services.not_planned(activity))

    def form_kwargs(self, step, activity):
        return {"user": self.request.user, "activity": activity} if step == "hold" else {}

    def take(self, step, activity, form):
        data, user = form.cleaned_data, self.request.user
        if step == "hold":
            return services.activity_hold(
                activity=activity,
                minutes=data["minutes"],
                attendees=data["attendees"],
                photo=data.get("photo"),
                held_on=data["held_on"],
                acting_user=user,
                expected_version=data["version"],
            )
        return services.activity_cancel(
            activity=activity, reason=data["reason"], acting_user=user, expected_version=data["version"]
        )

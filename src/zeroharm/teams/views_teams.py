"""A team's briefing settings, and the checklist's items and the workshops' warnings (through core.views)."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views import View

from zeroharm.core import services
from zeroharm.core import views as generic
from zeroharm.core.roles import Action
from zeroharm.core.scoping import units_for
from zeroharm.teams import filtersets, forms_teams, tables
from zeroharm.teams.models import Briefing, CheckItem, Observation, ShiftWarning, TeamActivity, TeamProfile
from zeroharm.teams.selectors.activities import month_plan
from zeroharm.teams.selectors.briefings import briefing_list, profile_of, teams_today
from zeroharm.teams.selectors.observations import repeat_offenders
from zeroharm.teams.selectors.procedures import team_procedures
from zeroharm.teams.services.observations import may_observe

__all__ = [
    "TeamListView",
    "TeamDetailView",
    "TeamSettingsView",
    "WarningListView",
    "WarningDetailView",
    "WarningEditView",
    "CheckItemListView",
    "CheckItemDetailView",
    "CheckItemEditView",
]


class TeamSettingsView(generic.ObjectEditView):
    """One team's settings, by the team's id: the defaults until someone saves them the first time."""

    model = TeamProfile
    form_class = forms_teams.TeamProfileForm

    def get_form_kwargs(self):
        kwargs = super(generic.ObjectEditView, self).get_form_kwargs()
        team = units_for(self.request.user, TeamProfile.scope_area, Action.CHANGE).filter(
            pk=self.kwargs["team"], kind="team"
        )
        if not team.exists():
            raise Http404
        profile = profile_of(team.get())
        self.object = profile if profile.pk else None
        return {**kwargs, "user": self.request.user, "instance": profile}

    def save(self, form):
        if self.object is not None:
            return super().save(form)
        data, _m2m = form.model_data()
        return services.record_create(
            model=TeamProfile, data={**data, "unit": form.instance.unit}, acting_user=self.request.user
        )


class WarningListView(generic.ObjectListView):
    model = ShiftWarning
    select_related = ("unit",)
    filterset_class = filtersets.ShiftWarningFilterSet
    table_class = tables.ShiftWarningTable
    add_url_name = "teams:shiftwarning_add"
    empty_hint = gettext_lazy(
        "A warning (heat, typhoon, freezing, flood season) is read at every briefing of the teams under its unit "
        "while it lasts."
    )


class WarningEditView(generic.ObjectEditView):
    model = ShiftWarning
    form_class = forms_teams.ShiftWarningForm


class CheckItemListView(generic.ObjectListView):
    model = CheckItem
    select_related = ("unit",)
    filterset_class = filtersets.CheckItemFilterSet
    table_class = tables.CheckItemTable
    add_url_name = "teams:checkitem_add"
    empty_hint = gettext_lazy(
        "Until a unit writes its own checklist, its briefings use the built-in one: three items handed over and "
        "five checks of each person (三查两交). A unit's own list holds for every team under it."
    )


class CheckItemEditView(generic.ObjectEditView):
    model = CheckItem
    form_class = forms_teams.CheckItemForm


class WarningDetailView(generic.ObjectDetailView):
    model = ShiftWarning
    select_related = ("unit",)
    detail_fields = ("text", "unit", "starts_on", "ends_on")


class CheckItemDetailView(generic.ObjectDetailView):
    model = CheckItem
    select_related = ("unit",)
    detail_fields = ("text", "kind", "unit", "position")


class TeamListView(LoginRequiredMixin, View):
    """The teams in the user's scope and today's briefing of each: held, being held, not yet, not held."""

    def get(self, request):
        units = units_for(request.user, TeamProfile.scope_area, Action.VIEW)
        rows = teams_today(units, timezone.localdate())
        page = Paginator(rows, 50).get_page(request.GET.get("page"))
        may_hold = set(units_for(request.user, TeamProfile.scope_area, Action.ADD).values_list("pk", flat=True))
        return render(request, "teams/team_list.html", {"page": page, "may_hold": may_hold})


class TeamDetailView(LoginRequiredMixin, View):
    """A team's page: its settings, its procedures in force, today's briefing and the last ones, and this month's
    safety activities."""

    def get(self, request, pk):
        team = units_for(request.user, TeamProfile.scope_area, Action.VIEW).filter(pk=pk, kind="team").first()
        if team is None:
            raise Http404
        today = timezone.localdate()
        context = {
            "team": team,
            "profile": profile_of(team),
            "procedures": list(team_procedures(team).select_related("current")),
            "briefings": list(briefing_list(Briefing.objects.filter(team=team)).order_by("-day", "-starts_at")[:14]),
            "may_hold": units_for(request.user, TeamProfile.scope_area, Action.ADD).filter(pk=team.pk).exists(),
            "may_set": units_for(request.user, TeamProfile.scope_area, Action.CHANGE).filter(pk=team.pk).exists(),
            "may_observe": may_observe(request.user, team),
            "repeat_offenders": repeat_offenders(Observation.objects.visible_to(request.user).filter(team=team)),
            "activities": month_plan(TeamActivity.objects.visible_to(request.user), team, today),
            "month": today,
        }
        return render(request, "teams/team_detail.html", context)

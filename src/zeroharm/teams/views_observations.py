"""The monitor's observations: the list (repeat offenders first for the leader), recording one on the phone from the
team's page, an observation's page, and the leader's verification of a violation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from zeroharm.core import steps
from zeroharm.core import views as generic
from zeroharm.core.forms import add_service_errors
from zeroharm.core.roles import Action
from zeroharm.core.scoping import can
from zeroharm.org.models import OrgUnit
from zeroharm.teams import filtersets, forms_observations, tables
from zeroharm.teams.models import Observation
from zeroharm.teams.selectors import observations as selectors
from zeroharm.teams.services import observations as services

__all__ = ["ObservationListView", "ObservationDetailView", "ObserveView", "ObservationStepView"]


class ObservationListView(generic.ObjectListView):
    model = Observation
    filterset_class = filtersets.ObservationFilterSet
    table_class = tables.ObservationTable
    template_name = "teams/observation_list.html"
    empty_hint = gettext_lazy(
        "The team's safety monitor records safe behaviour as readily as violations, from the team's page on a "
        "phone; the leader verifies violations. Repeat offenders show here."
    )

    def get_queryset(self):
        return super().get_queryset().select_related("team", "person", "observer")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["repeat_offenders"] = selectors.repeat_offenders(self.get_queryset())
        return ctx


class ObservationDetailView(generic.ObjectDetailView):
    model = Observation
    template_name = "teams/observation_detail.html"
    select_related = ("team", "person", "observer", "clause__version__procedure", "verified_by")
    detail_fields = (
        "team",
        "observed_at",
        "kind",
        "violation_type",
        "person",
        "clause",
        "description",
        "corrected",
        "coached",
        "observer",
        "by_team_monitor",
        "verified_by",
        "verified_at",
    )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        obs = self.object
        ctx["may_verify"] = (
            obs.kind == "violation"
            and obs.verified_at is None
            and can(self.request.user, Action.CHANGE, obs)
            and obs.observer.user_id != self.request.user.pk
        )
        ctx["edit_url"] = ctx["delete_url"] = None
        return ctx


class ObserveView(LoginRequiredMixin, View):
    """Record an observation of a team (its monitor, or those above the team)."""

    template_name = "teams/observe.html"

    def _team(self, request, pk):
        team = OrgUnit.objects.filter(pk=pk, kind="team", is_archived=False).first()
        if team is None or not services.may_observe(request.user, team):
            raise Http404
        return team

    def get(self, request, pk):
        team = self._team(request, pk)
        form = forms_observations.ObservationForm(user=request.user, team=team, initial={"kind": "safe"})
        return render(request, self.template_name, {"team": team, "form": form})

    def post(self, request, pk):
        team = self._team(request, pk)
        form = forms_observations.ObservationForm(request.POST, request.FILES, user=request.user, team=team)
        if form.is_valid():
            try:
                obs = services.observation_record(team=team, data=form.observation_data(), acting_user=request.user)
            except PermissionDenied:
                raise
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Recorded: %(what)s.") % {"what": obs})
                return HttpResponseRedirect(obs.get_absolute_url())
        return render(request, self.template_name, {"team": team, "form": form}, status=400)


class ObservationStepView(steps.StepView):
    model = Observation
    action = Action.CHANGE
    inline = True
    steps = {"verify": steps.Step(None, gettext_lazy("Verify the violation"))}

    def take(self, step, obs, form):
        return services.observation_verify(
            observation=obs, acting_user=self.request.user, expected_version=form.cleaned_data["version"]
        )

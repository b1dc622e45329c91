"""Scorecards and star teams: the month's scorecards of the teams in scope, a team's scorecard with each line's
reckoning, the year's star ratings ranked per workshop and branch, rating the year, and the board for the big
screen."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views import View

from zeroharm.core import views as generic
from zeroharm.core.roles import Action
from zeroharm.core.scoping import can_anywhere, units_for
from zeroharm.org.models import OrgUnit
from zeroharm.teams import filtersets, tables
from zeroharm.teams.forms_scoring import WEIGHT_LABELS, ScoringRulesForm
from zeroharm.teams.models import ScoringRules, StarRating
from zeroharm.teams.rules import scoring
from zeroharm.teams.selectors.scorecards import month_of, rules_for, scorecards
from zeroharm.teams.services.stars import stars_rate

__all__ = [
    "ScorecardListView",
    "TeamScorecardView",
    "StarListView",
    "StarBoardView",
    "StarRatingDetailView",
    "ScoringRulesListView",
    "ScoringRulesDetailView",
    "ScoringRulesEditView",
]


def _month(request) -> datetime.date:
    try:
        return datetime.datetime.strptime(request.GET.get("month", ""), "%Y-%m").date()
    except ValueError:
        today = timezone.localdate()
        return (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)  # last month, complete


def _year(request) -> int:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else timezone.localdate().year - 1


def _teams(user, ancestor_id=None):
    units = units_for(user, "teams", Action.VIEW).filter(kind="team", is_archived=False)
    if ancestor_id and str(ancestor_id).isdigit():
        top = units_for(user, "teams", Action.VIEW).filter(pk=int(ancestor_id)).first()
        units = units.filter(path__startswith=top.path) if top else units.none()
    return units.order_by("path")


class ScorecardListView(LoginRequiredMixin, View):
    def get(self, request):
        month = month_of(_month(request))
        cards = scorecards(_teams(request.user, request.GET.get("ancestor_id")), month)
        return render(
            request, "teams/scorecards.html", {"month": month, "cards": cards, "weights": scoring.DEFAULT_WEIGHTS}
        )


class TeamScorecardView(LoginRequiredMixin, View):
    def get(self, request, pk):
        team = _teams(request.user).filter(pk=pk).first()
        if team is None:
            raise Http404
        month = month_of(_month(request))
        (card,) = scorecards([team], month)
        weights, stars = rules_for([team])[team.pk]
        context = {
            "team": team,
            "month": month,
            "card": card,
            "weights": weights,
            "stars": stars,
            "previous": (month.first - datetime.timedelta(days=1)).strftime("%Y-%m"),
        }
        return render(request, "teams/team_scorecard.html", context)


def _ranked(ratings, level: str) -> list[dict]:
    """The year's ratings grouped by the team's workshop (its parent) or branch (the unit at depth 2), best first
    within each group."""

    def key(rating):
        team = rating.team
        return team.parent_path if level == "workshop" else team.path[: 2 * team.steplen]

    units = {u.path: u for u in OrgUnit.objects.filter(path__in={key(r) for r in ratings})}
    groups: dict[str, list] = {}
    for rating in sorted(ratings, key=lambda r: (-r.score, r.team.path)):
        groups.setdefault(key(rating), []).append(rating)
    return [{"unit": units.get(path), "ratings": rows} for path, rows in sorted(groups.items())]


class StarListView(LoginRequiredMixin, View):
    template_name = "teams/stars.html"

    def _context(self, request):
        year = _year(request)
        ratings = list(StarRating.objects.visible_to(request.user).filter(year=year).select_related("team", "rated_by"))
        may_rate = units_for(request.user, "teams", Action.APPROVE).filter(is_archived=False)
        return {
            "year": year,
            "ratings": sorted(ratings, key=lambda r: (-r.score, r.team.path)),
            "by_workshop": _ranked(ratings, "workshop"),
            "by_branch": _ranked(ratings, "branch"),
            "rate_units": list(may_rate.filter(depth__lte=2).order_by("path")[:50]),
        }

    def get(self, request):
        return render(request, self.template_name, self._context(request))

    def post(self, request):
        year = _year(request)
        unit = units_for(request.user, "teams", Action.APPROVE).filter(pk=request.POST.get("unit") or 0).first()
        if unit is None:
            raise PermissionDenied(_("You may not rate the teams of this unit."))
        rated = stars_rate(unit=unit, year=year, acting_user=request.user)
        messages.success(request, _("%(n)s teams rated for %(year)s.") % {"n": len(rated), "year": year})
        return HttpResponseRedirect(f"{reverse('teams:star_list')}?year={year}")


class StarBoardView(StarListView):
    """The ranking on the boardroom's big screen: the best teams of the year and their stars, large."""

    template_name = "teams/star_board.html"
    http_method_names = ["get"]


class StarRatingDetailView(generic.ObjectDetailView):
    model = StarRating
    template_name = "teams/star_detail.html"
    select_related = ("team", "rated_by")
    detail_fields = ("team", "year", "score", "stars", "vetoed", "rated_by", "rated_at")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(months=sorted(self.object.evidence.items()), edit_url=None, archive_url=None, delete_url=None)
        return ctx


class ScoringRulesListView(generic.ObjectListView):
    model = ScoringRules
    select_related = ("unit",)
    filterset_class = filtersets.ScoringRulesFilterSet
    table_class = tables.ScoringRulesTable
    add_url_name = "teams:scoringrules_add"
    empty_hint = _lazy(
        "Until a unit sets its own, team scorecards use the default weights (two points off per briefing not held, "
        "five per violation found by others, ten per injury, a serious injury makes the month 0…) and stars at "
        "60, 70, 80, 90 and 95."
    )


class ScoringRulesDetailView(generic.ObjectDetailView):
    model = ScoringRules
    template_name = "teams/scoringrules_detail.html"
    select_related = ("unit",)
    detail_fields = ("unit",)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        weights = scoring.weights_with(self.object.weights)
        ctx["weights"] = [(label, weights[key]) for key, label in WEIGHT_LABELS.items()]
        ctx["stars"] = self.object.stars or scoring.DEFAULT_STARS
        return ctx


class ScoringRulesEditView(generic.ObjectEditView):
    """Setting a unit's rules is for those who approve in the area (the safety office, branch leaders), not for the
    teams the rules score."""

    model = ScoringRules
    form_class = ScoringRulesForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_anywhere(request.user, ScoringRules, Action.APPROVE):
            raise PermissionDenied(_("Your roles do not allow this."))
        return super().dispatch(request, *args, **kwargs)

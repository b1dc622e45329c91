"""Rating a year (星级班组): every team in the unit gets its stars from its monthly scorecards of the year under the
rules in force, with the evidence (each month's score and lines) stored beside it. Rating again replaces the year's
rating, and the history keeps the one before."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from zeroharm.core.roles import Action
from zeroharm.core.scoping import units_for
from zeroharm.org.models import OrgUnit
from zeroharm.teams.models import StarRating
from zeroharm.teams.rules import scoring
from zeroharm.teams.selectors.scorecards import facts_for, month_of, rules_for

__all__ = ["year_months", "stars_rate"]


def year_months(year: int, today: datetime.date):
    """The months of `year` that have begun by `today`."""
    return [month_of(datetime.date(year, m, 1), today) for m in range(1, 13) if datetime.date(year, m, 1) <= today]


def _evidence(months, scores) -> dict:
    return {
        f"{month.first:%Y-%m}": {
            "score": str(s.total),
            "vetoed": s.vetoed,
            "lines": [{"key": line.key, "reckoning": line.reckoning, "points": str(line.points)} for line in s.lines],
        }
        for month, s in zip(months, scores, strict=True)
    }


@transaction.atomic
def stars_rate(*, unit: OrgUnit, year: int, acting_user, today: datetime.date | None = None) -> list[StarRating]:
    """Rate every team under `unit` for `year`."""
    if not units_for(acting_user, StarRating.scope_area, Action.APPROVE).filter(pk=unit.pk).exists():
        raise PermissionDenied(_("You may not rate the teams of this unit."))
    today = today or timezone.localdate()
    teams = list(OrgUnit.objects.filter(path__startswith=unit.path, kind="team", is_archived=False).order_by("path"))
    months = year_months(year, today)
    rules = rules_for(teams)
    monthly = {team.pk: [] for team in teams}
    for month in months:
        facts = facts_for(teams, month)
        for team in teams:
            monthly[team.pk].append(scoring.score(facts[team.pk], rules[team.pk][0]))
    rated = []
    for team in teams:
        total, vetoed = scoring.yearly(monthly[team.pk])
        values = {
            "score": total,
            "vetoed": vetoed,
            "stars": scoring.stars_for(total, vetoed, rules[team.pk][1]),
            "evidence": _evidence(months, monthly[team.pk]),
            "rated_by": acting_user,
            "rated_at": timezone.now(),
        }
        rating = StarRating.objects.filter(team=team, year=year).first() or StarRating(team=team, year=year)
        for name, value in values.items():
            setattr(rating, name, value)
        rating.version = (rating.version + 1) if rating.pk else 1
        rating._history_user, rating._change_reason = acting_user, gettext_noop("rated")
        rating.save()
        rated.append(rating)
    return rated

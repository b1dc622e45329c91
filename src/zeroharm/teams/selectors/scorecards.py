"""Team scorecards from the records: each team's facts for a month (teams.rules.scoring.Facts) in a fixed number of
queries whatever the number of teams, the rules in force for each team, and the scores.

Briefing days are the team's briefing weekdays of the month up to today (from its first briefing, paper or live); a
briefing counts as held when it was opened (open or closed) or logged on paper, late when opened more than 15 minutes
after its time. Attendance and answers are those of held briefings. Hidden dangers and injuries are those of the
team's own unit (teams are the tree's leaves)."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from django.db.models import Count, F, Q
from django.utils import timezone

from zeroharm.hazards import selectors as hazards
from zeroharm.incidents import selectors as incidents
from zeroharm.org.models import Person
from zeroharm.teams.choices import BriefingStatus, ObservationKind, SignInStatus
from zeroharm.teams.models import (
    ActivityStatus,
    Briefing,
    BriefingAttendance,
    Observation,
    ScoringRules,
    TeamActivity,
    TeamProfile,
)
from zeroharm.teams.rules import scoring, window
from zeroharm.teams.selectors.procedures import ancestor_paths
from zeroharm.training.selectors.clearance import clearance_for

__all__ = ["Month", "month_of", "rules_for", "facts_for", "scorecards", "TeamScore"]

# A briefing logged on paper before the team went live was held as much as one opened here (teams.services.paper_log).
HELD = [BriefingStatus.OPEN, BriefingStatus.CLOSED, BriefingStatus.PAPER]


@dataclass(frozen=True)
class Month:
    first: datetime.date
    last: datetime.date  # the month's last day, or today in the current month

    @property
    def since(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.first, datetime.time()))

    @property
    def until(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.last + datetime.timedelta(days=1), datetime.time()))


def month_of(day: datetime.date, today: datetime.date | None = None) -> Month:
    today = today or timezone.localdate()
    first = day.replace(day=1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    return Month(first, min(last, today) if first <= today else last)


def rules_for(teams) -> dict[int, tuple[dict, tuple]]:
    """{team id: (weights, star thresholds)}: the nearest unit's rules above each team, else the defaults."""
    rules = {r.unit.path: r for r in ScoringRules.objects.filter(is_archived=False).select_related("unit")}
    found = {}
    for team in teams:
        own = next((rules[p] for p in reversed(ancestor_paths(team)) if p in rules), None)
        weights = scoring.weights_with(own.weights if own else None)
        stars = tuple(own.stars) if own and len(own.stars or ()) == 5 else scoring.DEFAULT_STARS
        found[team.pk] = (weights, stars)
    return found


def _days_due(weekdays: str, since: datetime.date | None, month: Month) -> int:
    """The team's briefing days of the month, from the day it began holding briefings here (when it says one)."""
    first = max(month.first, since) if since else month.first
    days = (month.last - first).days + 1
    return sum(1 for n in range(max(days, 0)) if str((first + datetime.timedelta(days=n)).weekday()) in weekdays)


def _by_team(rows, key: str) -> dict[int, dict]:
    return {row[key]: row for row in rows}


def _briefings(ids, month: Month) -> dict[int, dict]:
    return _by_team(
        Briefing.objects.filter(team_id__in=ids, day__range=(month.first, month.last), status__in=HELD)
        .order_by()
        .values("team_id")
        .annotate(held=Count("id"), late=Count("id", filter=Q(opened_at__gt=F("starts_at") + window.LATE_AFTER))),
        "team_id",
    )


def _attendance(ids, month: Month) -> dict[int, dict]:
    return _by_team(
        BriefingAttendance.objects.filter(
            briefing__team_id__in=ids, briefing__day__range=(month.first, month.last), briefing__status__in=HELD
        )
        .exclude(status=SignInStatus.EXCUSED)
        .order_by()
        .values("briefing__team_id")
        .annotate(
            roster=Count("id"),
            present=Count("id", filter=Q(status__in=[SignInStatus.PRESENT, SignInStatus.LATE])),
            answers=Count("id", filter=Q(answered_right__isnull=False)),
            right=Count("id", filter=Q(answered_right=True)),
        ),
        "briefing__team_id",
    )


def _activities(ids, month: Month) -> dict[int, dict]:
    return _by_team(
        TeamActivity.objects.filter(team_id__in=ids, planned_on__range=(month.first, month.last), is_archived=False)
        .order_by()
        .values("team_id")
        .annotate(planned=Count("id"), held=Count("id", filter=Q(status=ActivityStatus.HELD))),
        "team_id",
    )


def _violations(ids, month: Month) -> dict[int, dict]:
    return _by_team(
        Observation.objects.filter(
            team_id__in=ids,
            kind=ObservationKind.VIOLATION,
            observed_at__gte=month.since,
            observed_at__lt=month.until,
            is_archived=False,
        )
        .order_by()
        .values("team_id")
        .annotate(
            others=Count("id", filter=Q(by_team_monitor=False, verified_at__isnull=False)),
            own=Count("id", filter=Q(by_team_monitor=True)),
        ),
        "team_id",
    )


def _clearance(ids, month: Month) -> dict[int, tuple[int, int]]:
    """{team id: (members, cleared)} at the month's last day: one judgement of every member at once."""
    members = list(
        Person.objects.filter(unit_id__in=ids, status="active", is_archived=False).values_list("pk", "unit_id")
    )
    judged = clearance_for([pk for pk, _unit in members], month.last) if members else {}
    counts: dict[int, list[int]] = {}
    for pk, unit_id in members:
        tally = counts.setdefault(unit_id, [0, 0])
        tally[0] += 1
        tally[1] += judged[pk].cleared
    return {unit_id: (n, ok) for unit_id, (n, ok) in counts.items()}


def _settings(ids) -> dict[int, tuple[str, datetime.date | None]]:
    return {
        unit_id: (weekdays, since)
        for unit_id, weekdays, since in TeamProfile.objects.filter(unit_id__in=ids).values_list(
            "unit_id", "weekdays", "briefings_from"
        )
    }


def briefing_days(ids, month: Month) -> dict[int, tuple[int, int]]:
    """{team id: (briefing days due, briefings held)} of the month, as the scorecard counts them (two queries): what
    the "pre-shift briefings held" indicator sums, without the scorecard's other facts."""
    settings, briefings = _settings(ids), _briefings(ids, month)
    return {
        pk: (_days_due(*settings.get(pk, ("012345", None)), month), briefings.get(pk, {}).get("held", 0)) for pk in ids
    }


def facts_for(teams, month: Month) -> dict[int, scoring.Facts]:
    ids = [team.pk for team in teams]
    settings = _settings(ids)
    briefings, attendance = _briefings(ids, month), _attendance(ids, month)
    activities, violations = _activities(ids, month), _violations(ids, month)
    found = hazards.counts_by_unit(ids, month.first, month.last)
    injured = incidents.injuries_by_unit(ids, month.since, month.until)
    near = incidents.near_misses_by_unit(ids, month.since, month.until)
    cleared = _clearance(ids, month)
    facts = {}
    for pk in ids:
        b, a = briefings.get(pk, {}), attendance.get(pk, {})
        act, v = activities.get(pk, {}), violations.get(pk, {})
        facts[pk] = scoring.Facts(
            briefings_due=_days_due(*settings.get(pk, ("012345", None)), month),
            briefings_held=b.get("held", 0),
            briefings_late=b.get("late", 0),
            roster=a.get("roster", 0),
            present=a.get("present", 0),
            answers=a.get("answers", 0),
            right_answers=a.get("right", 0),
            activities_planned=act.get("planned", 0),
            activities_held=act.get("held", 0),
            hazards_found=found.get(pk, (0, 0))[0],
            hazards_late=found.get(pk, (0, 0))[1],
            near_misses=near.get(pk, 0),
            violations_by_others=v.get("others", 0),
            own_findings=v.get("own", 0),
            minor_injuries=injured.get(pk, (0, 0))[0],
            serious_injuries=injured.get(pk, (0, 0))[1],
            members=cleared.get(pk, (0, 0))[0],
            cleared=cleared.get(pk, (0, 0))[1],
        )
    return facts


@dataclass(frozen=True)
class TeamScore:
    team: object
    facts: scoring.Facts
    score: scoring.Score


def scorecards(teams, month: Month) -> list[TeamScore]:
    """Every team's scorecard for the month, best first (then by the tree)."""
    teams = list(teams)
    facts, rules = facts_for(teams, month), rules_for(teams)
    cards = [TeamScore(t, facts[t.pk], scoring.score(facts[t.pk], rules[t.pk][0])) for t in teams]
    return sorted(cards, key=lambda c: (-c.score.total, c.team.path))

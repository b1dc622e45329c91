"""What the teams record besides their briefings, from their first briefing day, through teams.services:

- the monitor's observations, safe behaviour more often than violations (三违), the clause broken named, the person
  corrected and coached; now and then the workshop's or the group's people find one (a violation found by others
  costs the team on its scorecard, the monitor's own finding earns); the leader verifies most violations the next
  day (a second person), which training counts at the person's next certificate review;
- a monthly safety activity planned at the start of each month and held on its day with its minutes and
  attendees; a few are cancelled with a reason, a few simply not held (the scorecard counts them); those of the
  days to come are still planned, and one in five held has a follow-up action in the shared actions app.
"""

from __future__ import annotations

import datetime
import random

from zeroharm.demo.clock import midnight
from zeroharm.demo.context import Demo

__all__ = ["plan"]


def plan(demo: Demo, data: dict, crews) -> None:
    for crew in crews:
        demo.timeline.add(_observations(demo, data, crew, demo.rng(f"observations-{crew.team.code}")))
        demo.timeline.add(_activities(demo, data, crew, demo.rng(f"activities-{crew.team.code}")))


def _months(first: datetime.date, today: datetime.date):
    month = first.replace(day=1)
    while month <= today:
        yield month
        month = (month + datetime.timedelta(days=32)).replace(day=1)


def _moments(demo: Demo, rng: random.Random, first: datetime.date, per_month) -> list[datetime.datetime]:
    moments = []
    for month in _months(first, demo.today):
        days = [month + datetime.timedelta(days=n) for n in range(31)]
        days = [d for d in days if d.month == month.month and first <= d < demo.today and d.weekday() < 6]
        for day in rng.sample(days, min(len(days), rng.randint(*per_month))):
            moments.append(demo.at(rng, day, 9, 17))
    return sorted(moments)


#
# Observations
#


def _observations(demo: Demo, data: dict, crew, rng: random.Random):
    from zeroharm.core.roles import Role
    from zeroharm.demo.context import Staff

    spec = data["observations"]
    others = Staff(demo, rng, _grants()).chain(crew.team, {Role.SUPERVISOR, Role.SAFETY_MANAGER})
    others = [u for u in others if u.pk not in (crew.leader.pk, crew.monitor.pk)]
    for moment in _moments(demo, rng, crew.profile.briefings_from, spec["per_team_month"]):
        yield moment
        violation = rng.random() < spec["violation_share"]
        by_other = violation and others and rng.random() < spec["by_director_share"]
        observer = others[0] if by_other else crew.monitor
        observation = _record(data, crew, rng, observer, violation)
        if violation and rng.random() < spec["verified_share"]:
            yield demo.at(rng, moment.date() + datetime.timedelta(days=1), 8, 12)
            _verify(crew, observation, observer)


def _grants() -> list[tuple[str, str, str]]:
    from zeroharm.demo.data import load

    return [(username, role, code) for _persona, username, role, code in load("org")["personas"]]


def _record(data: dict, crew, rng: random.Random, observer, violation: bool):
    from zeroharm.teams.choices import ObservationKind
    from zeroharm.teams.services.observations import observation_record

    spec = data["observations"]
    people = [p for p in crew.members if p.pk not in (crew.profile.leader_id, observer.person.pk)]
    values = {"person": rng.choice(people), "corrected": True, "coached": rng.random() < 0.8}
    if violation:
        kind = rng.choices(["operation", "command", "discipline"], [6, 1, 3])[0]
        values.update(
            kind=ObservationKind.VIOLATION,
            violation_type=kind,
            description=rng.choice(spec["violation"][kind]),
            clause=rng.choice(crew.clauses) if crew.clauses and kind != "discipline" else None,
        )
    else:
        values.update(kind=ObservationKind.SAFE, description=rng.choice(spec["safe"]))
    return observation_record(team=crew.team, data=values, acting_user=observer)


def _verify(crew, observation, observer) -> None:
    from zeroharm.teams.services.observations import observation_verify

    verifier = crew.leader if observer.pk != crew.leader.pk else crew.monitor
    observation_verify(observation=observation, acting_user=verifier, expected_version=None)


#
# Monthly safety activities
#


def _activities(demo: Demo, data: dict, crew, rng: random.Random):
    from zeroharm.teams.models.activities import ActivityKind
    from zeroharm.teams.services.activities import activity_plan

    first = crew.profile.briefings_from
    for n, month in enumerate(_months(first, demo.today)):
        planned_at = midnight(max(month, first)) + datetime.timedelta(hours=9, minutes=rng.randint(0, 50))
        yield planned_at
        topic, material = data["activities"][n % len(data["activities"])]
        day = max(month + datetime.timedelta(days=rng.randint(9, 24)), first + datetime.timedelta(days=3))
        activity = activity_plan(
            team=crew.team,
            data={"kind": ActivityKind.MONTHLY, "planned_on": day, "topic": topic, "material": material},
            acting_user=crew.leader,
        )
        yield midnight(day) + datetime.timedelta(hours=16, minutes=rng.randint(0, 40))
        _hold_or_not(demo, data, crew, rng, activity, day)


def _hold_or_not(demo: Demo, data: dict, crew, rng: random.Random, activity, day: datetime.date) -> None:
    from zeroharm.teams.services.activities import activity_cancel, activity_hold, team_members

    draw = rng.random()
    if draw < 0.04:
        activity_cancel(
            activity=activity, reason="生产任务紧急，改至下月合并开展。", acting_user=crew.leader, expected_version=None
        )
        return
    if draw < 0.08:
        return  # not held: the scorecard counts it
    present = list(team_members(crew.team).order_by("employee_no"))
    attendees = [p for p in present if rng.random() < 0.88] or present[:1]
    activity = activity_hold(
        activity=activity,
        minutes=rng.choice(data["activity_minutes"]),
        attendees=attendees,
        held_on=day,
        acting_user=crew.leader,
        expected_version=None,
    )
    if rng.random() < 0.2:
        _follow_up(crew, rng, activity, day)


def _follow_up(crew, rng: random.Random, activity, day: datetime.date) -> None:
    from zeroharm.actions.services import action_create

    action_create(
        acting_user=crew.leader,
        unit=crew.team,
        title="落实安全活动提出的改进建议",
        description=activity.minutes,
        owner=rng.choice(crew.members),
        due_date=day + datetime.timedelta(days=rng.randint(10, 30)),
        source=activity,
    )

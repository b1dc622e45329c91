"""Rewards and penalties, through the services the pages use: when the group goes live its safety manager switches
on the rule that proposes a bonus to whoever reports a hidden danger later assessed as major (the rule then proposes
during the hidden dangers' lives); the day before the build date the safety manager proposes fines for some of last
year's violations and a commendation for last year's best star team, each resting on its record, and the branches'
leaders approve them and the rule's proposals but the newest (left waiting); the demo worker signs theirs."""

from __future__ import annotations

import datetime
from decimal import Decimal

from zeroharm.demo.clock import midnight
from zeroharm.demo.context import DEMO_PASSWORD, Demo

__all__ = ["build_rewards"]

FINES = 4


def build_rewards(demo: Demo):
    made: dict = {"proposed": 0, "approved": 0, "acknowledged": 0}
    demo.timeline.at(demo.setup_moment + datetime.timedelta(hours=1), lambda: _switch_on(demo))
    decided = midnight(demo.today - datetime.timedelta(days=1)) + datetime.timedelta(hours=11)
    demo.timeline.at(decided, lambda: _decide(demo, made))
    return lambda: (
        f"{made['proposed']} rewards and penalties proposed by hand, {made['approved']} approved, "
        f"{made['acknowledged']} acknowledged"
    )


def _switch_on(demo: Demo) -> None:
    from zeroharm.core.services import record_create
    from zeroharm.rewards.models import RuleSettings

    data = {"unit": demo.units[demo.root], "major_hazard_reward": True, "major_hazard_amount": Decimal("500")}
    record_create(model=RuleSettings, data=data, acting_user=demo.users["safety"])


def _approver(demo: Demo, unit):
    for persona, code in (("branch", "MACH"), ("chemlead", "CHEM")):
        if persona in demo.users and code in demo.units and unit.path.startswith(demo.units[code].path):
            return demo.users[persona]
    return demo.users["admin"]


def _day_after(day: datetime.date, demo: Demo) -> datetime.date:
    return min(day + datetime.timedelta(days=3), demo.today - datetime.timedelta(days=1))


def _decide(demo: Demo, made: dict) -> None:
    from zeroharm.rewards.choices import State
    from zeroharm.rewards.models import RewardPenalty
    from zeroharm.rewards.services.records import acknowledge, approve, propose
    from zeroharm.teams.models import Observation, StarRating

    safety, last_year = demo.users["safety"], demo.today.year - 1
    mine = []
    violations = Observation.objects.filter(kind="violation", person__isnull=False, is_archived=False)
    for violation in violations.select_related("person__unit").order_by("-observed_at")[:FINES]:
        data = {
            "person": violation.person,
            "kind": "fine",
            "amount": Decimal("100"),
            "reason": f"违章作业罚款：{violation.description[:80]}",
            "decided_on": _day_after(violation.observed_at.date(), demo),
        }
        mine.append(propose(data=data, evidence=[("teams.violation", violation.pk)], acting_user=safety))
    best = (
        StarRating.objects.filter(year=last_year, is_archived=False).select_related("team").order_by("-score").first()
    )
    if best is not None:
        data = {
            "unit": best.team,
            "kind": "star_team",
            "amount": Decimal("2000"),
            "reason": f"{last_year}年度星级班组表彰：{best.team.name}",
            "decided_on": demo.today - datetime.timedelta(days=2),
        }
        mine.append(propose(data=data, evidence=[("teams.star_rating", best.pk)], acting_user=safety))
    made["proposed"] = len(mine)
    by_rule = list(RewardPenalty.objects.filter(rule__gt="", state=State.PROPOSED).order_by("decided_on", "id"))
    for record in [*mine, *by_rule[:-1]]:  # the rule's newest proposal waits for its approver
        record = approve(record=record, acting_user=_approver(demo, record.unit), expected_version=record.version)
        made["approved"] += 1
        if record.state == State.APPROVED and record.person_id and record.person.user_id == demo.users["worker"].pk:
            acknowledge(record=record, acting_user=demo.users["worker"], password=DEMO_PASSWORD)
            made["acknowledged"] += 1

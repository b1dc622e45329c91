"""Incidents through incidents.services, each lived on its days (plans in incident_plans.py): reported from the
phone, completed, the people involved recorded from the register, reported to the authority when the law asks,
investigated (causes, a 5-why chain for injuries, responsibility findings, actions raised, done and verified by a
second person, a lessons session), the four gates confirmed and closed; the most serious closed ones published
to the case library. Recent ones are still under investigation or just reported: their lives stop at the build
date.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from zeroharm.demo.context import APPROVERS, CHANGERS, REPORTERS, Demo, Staff
from zeroharm.demo.data import load
from zeroharm.demo.incident_plans import Plan, plan_incidents
from zeroharm.demo.training_lessons import lessons_taught

__all__ = ["build_incidents"]

SERIOUS = "serious"  # a plan's outcome: days away of 105 or more (GB 6441), recorded as lost time


class Incidents:
    def __init__(self, demo: Demo):
        from zeroharm.org.models import Position

        self.demo, self.rng, self.data = demo, demo.rng("incident-lives"), load("incidents")
        self.texts = load("incident_texts")
        self.staff = Staff(demo, self.rng, [(p[1], p[2], p[3]) for p in load("org")["personas"]])
        self.positions = dict(Position.objects.values_list("pk", "code"))
        self.position_names = dict(Position.objects.values_list("pk", "name"))
        self.cases: list = []  # closed incidents waiting to be published, with their severity

    def days(self, step: str) -> int:
        return self.rng.randint(*self.data["days"][step])

    def person(self, plan: Plan):
        """Someone of the team, at work that day, preferably in the scenario's positions."""
        on = timezone.localdate(plan.at)
        members = [m for m in self.staff.members.get(plan.unit.pk, []) if m.hire_date and m.hire_date <= on]
        fits = [m for m in members if self.positions.get(m.position_id) in plan.scenario.get("positions", ())]
        return self.rng.choice(fits or members) if members else None

    def narrative(self, plan: Plan, person) -> str:
        if plan.description:
            return plan.description
        s, rng, t = plan.scenario, self.rng, self.texts
        local = timezone.localtime(plan.at)
        place = rng.choice(s.get("places") or t["places"][plan.unit.code.split("-")[0]])
        who = f"{plan.unit.name}{self.position_names.get(getattr(person, 'position_id', None), '员工')}"
        if plan.kind == "near_miss":
            ending = rng.choice(s.get("near") or ["险些受伤"])
        elif plan.outcome == "fatal":
            ending = "伤势严重，经送医抢救无效死亡"
        elif plan.kind == "first_aid":
            ending = f"{self.part_words(plan)}轻微受伤{rng.choice(t['first_aid_endings'])}"
        else:
            part, nature = self.part_words(plan), t["natures"].get(plan.extra.get("nature", ""), "受伤")
            ending = f"造成{'' if nature.startswith(part) else part}{nature}，送医治疗"
        return (
            f"{local:%-m月%-d日%H时%M分}，{who}在{place}{rng.choice(s['acts'])}时，{rng.choice(s['events'])}，"
            f"{ending}。{rng.choice(t['extras']) if rng.random() < 0.5 else ''}"
        )

    def part_words(self, plan: Plan) -> str:
        plan.extra.setdefault("part", self.rng.choice(plan.scenario.get("parts") or ["hand"]))
        plan.extra.setdefault(
            "nature",
            "amputation"
            if plan.extra.get("amputation")
            else self.rng.choice(plan.scenario.get("natures") or ["contusion"]),
        )
        return self.rng.choice(self.texts["parts"].get(plan.extra["part"], ["身体"]))

    def person_data(self, plan: Plan, person) -> dict:
        outcome = "lost_time" if plan.outcome == SERIOUS else plan.outcome
        data = {
            "role": "employee",
            "person": person,
            "outcome": outcome,
            "body_part": plan.extra.get("part", ""),
            "nature": plan.extra.get("nature", ""),
        }
        if outcome == "first_aid":
            data["treatments"] = self.texts["first_aid_treatments"].get(data["nature"], ["D"])
        elif outcome in ("medical", "restricted", "lost_time"):
            data["medical_treatment"] = True
            data["days_away" if outcome == "lost_time" else "restricted_days"] = plan.days
            data["hospitalized"] = plan.outcome == SERIOUS
            data["amputation"] = bool(plan.extra.get("amputation"))
        elif outcome == "fatal":
            data["date_of_death"] = timezone.localdate(plan.at) + datetime.timedelta(days=1)
        if plan.kind == "illness":
            data.update(is_illness=True, case_type=plan.scenario["illness"], body_part="", nature="")
            if plan.scenario["key"] == "dermatitis":
                data["privacy_reason"] = "6"  # the employee asked for the name to be left off
        return data

    def life(self, plan: Plan):
        from zeroharm.incidents import services as inc

        demo, rng, staff = self.demo, self.rng, self.staff
        yield plan.at + datetime.timedelta(minutes=rng.randint(10, 180))
        person = self.person(plan) if plan.hurt else None
        if plan.hurt:
            self.part_words(plan)
        reporter = staff.pick(plan.unit, REPORTERS)
        incident = inc.incident_report(
            acting_user=reporter,
            kind=plan.kind,
            unit=plan.unit,
            occurred_at=plan.at,
            description=self.narrative(plan, person),
            location=rng.choice(plan.scenario.get("places") or [plan.unit.name]),
        )
        yield demo.later(rng, timezone.now(), 0)
        editor = staff.pick(plan.unit, CHANGERS)
        words = self.texts["immediate"].get(plan.kind, self.texts["immediate"]["near_miss"])
        incident = inc.incident_update(
            incident=incident,
            acting_user=editor,
            expected_version=None,
            data={
                "category": plan.scenario["category"],
                "agent": plan.scenario["agent"],
                "event_type": plan.scenario["event_type"],
                "immediate_actions": rng.choice(words),
                "direct_loss": plan.extra.get("loss", 0),
            },
        )
        if person is not None:
            inc.person_save(incident=incident, acting_user=editor, data=self.person_data(plan, person))
        incident.refresh_from_db()
        if inc.needs_authority_report(incident):
            yield demo.later(rng, timezone.now(), 0)
            inc.authority_reported(incident=incident, acting_user=staff.pick(plan.unit, APPROVERS), at=timezone.now())
        yield demo.later(rng, timezone.now(), self.days("investigate"))
        yield from self.investigate(plan, incident)

    def investigate(self, plan: Plan, incident):
        from zeroharm.demo.actions import action_life
        from zeroharm.incidents import services as inc

        demo, rng, staff, t = self.demo, self.rng, self.staff, self.texts
        investigator = staff.pick(plan.unit, CHANGERS)
        approver = staff.pick(plan.unit, APPROVERS, exclude={investigator.pk})
        incident = inc.investigation_start(
            incident=incident, acting_user=investigator, lead=staff.principal(staff.workshop(plan.unit))
        )
        yield demo.later(rng, timezone.now(), self.days("causes"))
        causes = plan.scenario.get("causes") or [["management", "management", "设备设施日常检查维护不到位"]]
        for factor, cause_type, text in causes[:2]:
            inc.cause_add(
                incident=incident,
                acting_user=investigator,
                level="direct",
                factor=factor,
                cause_type=cause_type,
                description=text,
            )
        factor, cause_type, text = rng.choice(t["roots"])
        inc.cause_add(
            incident=incident,
            acting_user=investigator,
            level="root",
            factor=factor,
            cause_type=cause_type,
            description=text,
        )
        if plan.kind in ("injury", "traffic", "illness"):
            inc.whys_set(
                incident=incident,
                acting_user=investigator,
                answers=[c[2] for c in causes[:2]] + [rng.choice(t["indirect"])[2], text],
            )
        serious = plan.kind not in ("near_miss", "first_aid")
        kind, note = rng.choice(t["findings"]) if serious else ("none", rng.choice(t["findings_light"]))
        inc.finding_add(
            incident=incident,
            acting_user=investigator,
            responsibility=note,
            kind=kind,
            decided_on=timezone.localdate(),
            person=staff.principal(plan.unit) or None,
            name="" if staff.principal(plan.unit) else "当班班长",
        )
        inc.incident_update(
            incident=incident,
            acting_user=investigator,
            expected_version=None,
            data={"lessons_learned": t["lessons"].get(plan.scenario["category"], t["lessons"]["20"])},
        )
        actions = plan.scenario.get("actions") if serious else [rng.choice(t["near_miss_actions"])]
        actions = list(actions or [rng.choice(t["near_miss_actions"])])
        if "key_action" in plan.extra:
            actions.append(plan.extra["key_action"])
        for action_kind, title in actions:
            yield from action_life(
                demo,
                rng,
                staff,
                unit=plan.unit,
                title=title,
                kind=action_kind,
                description=f"源自事故事件调查：{incident.description[:80]}",
                source=incident,
                raised_by=investigator,
                due_days=rng.choice([7, 10, 14, 21]),
            )
        yield demo.later(rng, timezone.now(), self.days("close_after") - 1)
        yield from lessons_taught(demo, rng, incident, f"{plan.scenario['agent']}事故警示教育", investigator)
        for gate, evidence in t["gate_evidence"].items():
            inc.gate_sign(incident=incident, acting_user=approver, gate=gate, evidence=evidence)
        incident = inc.incident_close(incident=incident, acting_user=approver)
        if serious:
            self.cases.append(
                (
                    -incident.deaths,
                    -incident.serious_injuries,
                    -(plan.tag == "forklift"),
                    incident.occurred_at,
                    incident.pk,
                )
            )


def build_incidents(demo: Demo):
    """Plan the incidents, put their lives on the timeline; publish cases after the timeline has run."""
    lives = Incidents(demo)
    for plan in plan_incidents(demo):
        demo.timeline.add(lives.life(plan))
    demo.objects["incident_lives"] = lives
    return lambda: _publish_and_report(demo, lives)


def _publish_and_report(demo: Demo, lives: Incidents) -> str:
    """The safety manager publishes the most serious closed incidents, anonymised by the service's own draft, a
    week after each was closed."""
    from collections import Counter

    from zeroharm.demo.clock import at
    from zeroharm.incidents import services as inc
    from zeroharm.incidents.models import CaseStudy, Incident, InvolvedPerson

    for *_key, pk in sorted(lives.cases)[: lives.data["cases"]]:
        incident = Incident.objects.select_related("unit").get(pk=pk)
        moment = min(incident.closed_at + datetime.timedelta(days=7), demo.end - datetime.timedelta(hours=1))
        with at(moment):
            inc.case_publish(incident=incident, acting_user=demo.users["safety"], data=inc.case_draft(incident))
    kinds = Counter(Incident.objects.values_list("kind", flat=True))
    states = Counter(Incident.objects.values_list("state", flat=True))
    return (
        f"{sum(kinds.values())} incidents ({', '.join(f'{n} {k}' for k, n in sorted(kinds.items()))}; "
        f"{', '.join(f'{n} {s}' for s, n in sorted(states.items()))}), "
        f"{InvolvedPerson.objects.filter(recordable=True).count()} recordable cases, "
        f"{CaseStudy.objects.count()} in the case library"
    )

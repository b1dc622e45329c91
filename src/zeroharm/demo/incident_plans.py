"""What becomes of each demo incident (data/incidents.yaml): the recordable schedule of every branch, the five
planted patterns, and the near misses, first-aid cases, damage, fires and releases around them. Plans only: the
lives in incidents.py run them through incidents.services."""

from __future__ import annotations

import calendar
import datetime
import math
from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone

from zeroharm.demo.context import MONTHS, Demo
from zeroharm.demo.data import load

__all__ = ["Plan", "plan_incidents"]


@dataclass
class Plan:
    unit: object  # a team
    at: datetime.datetime
    kind: str  # an IncidentKind value
    scenario: dict
    outcome: str = "unhurt"  # an Outcome value, or "serious" (lost time of `days` ≥ 105)
    days: int = 0
    tag: str = ""  # press, fall, forklift, under_reporting…
    description: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def hurt(self) -> bool:
        return self.kind in ("first_aid", "injury", "illness", "traffic") or self.outcome != "unhurt"


class Planner:
    def __init__(self, demo: Demo):
        self.demo, self.rng, self.data = demo, demo.rng("incidents"), load("incidents")
        words = load("incident_scenarios")
        self.general = words["general"]
        self.branch = words["branch"]
        self.by_key = {s["key"]: s for s in self.general + [s for b in self.branch.values() for s in b]}
        self.press, self.forklift = words["press"], words["forklift"]
        self.plans: list[Plan] = []
        self.workshops = {
            b: [w for w in demo.of_kind("workshop") if w.code.startswith(b + "-")] for b in self.data["recordable"]
        }
        self.teams = {
            w.code: [t for t in demo.of_kind("team") if t.code.startswith(w.code + "-")]
            for ws in self.workshops.values()
            for w in ws
        }

    def team(self, workshop: str):
        return self.rng.choice(self.teams[workshop])

    def at(self, month: int, night_share: float | None = None, day: int | None = None) -> datetime.datetime:
        """A moment in demo month `month`: mostly by day, `night_share` on the night shift (0–8 h)."""
        start = self.demo.month(month)
        last = min(calendar.monthrange(start.year, start.month)[1], (self.demo.today - start).days)
        on = start.replace(day=day or self.rng.randint(1, max(1, last)))
        share = self.data["night_share"] if night_share is None else night_share
        hour = self.rng.randint(0, 7) if self.rng.random() < share else self.rng.randint(8, 23)
        return timezone.make_aware(datetime.datetime.combine(on, datetime.time(hour, self.rng.randrange(0, 60, 5))))

    def add(self, workshop: str, at, kind: str, scenario: dict, outcome: str = "unhurt", **more) -> Plan:
        plan = Plan(unit=self.team(workshop), at=at, kind=kind, scenario=scenario, outcome=outcome, **more)
        self.plans.append(plan)
        return plan

    def injury(self, workshop: str, at, scenario: dict, outcome: str | None = None, **more) -> Plan:
        if outcome is None:
            weights = self.data["outcomes"]
            outcome = self.rng.choices(list(weights), list(weights.values()))[0]
        kind = "illness" if scenario.get("illness") else "traffic" if scenario["key"] == "truck" else "injury"
        days = more.pop("days", 0) or (
            self.rng.randint(2, 45)
            if outcome == "lost_time"
            else self.rng.randint(3, 20)
            if outcome == "restricted"
            else 0
        )
        return self.add(workshop, at, kind, scenario, outcome, days=days, **more)


def plan_incidents(demo: Demo) -> list[Plan]:
    p = Planner(demo)
    slots = _planted(p)
    _schedule(p, slots)
    _background(p)
    return sorted(p.plans, key=lambda plan: plan.at)


def _planted(p: Planner) -> Counter:
    """The five patterns; returns the recordable slots they take of each branch's month."""
    data, rng, taken = p.data, p.rng, Counter()
    press = data["press"]
    shifts = iter(([0.0] + [1.0] * 3) * 20)  # three in four at night
    for month in range(MONTHS):  # (a) one recordable press injury a month
        extra = {"amputation": True} if month == press["amputation_month"] else {}
        p.injury(
            press["workshop"],
            p.at(month, next(shifts)),
            p.press,
            "serious" if extra else "medical",
            days=112 if extra else 0,
            tag="press",
            extra=extra,
        )
        taken[("MACH", month)] += 1
    for month in sorted(rng.choices(range(MONTHS), k=press["first_aid"])):
        p.add(press["workshop"], p.at(month, next(shifts)), "first_aid", p.press, "first_aid", tag="press")
    for month in sorted(rng.choices(range(MONTHS), k=press["near_miss"])):
        p.add(press["workshop"], p.at(month, next(shifts)), "near_miss", p.press, tag="press")
    fall = p.by_key["fall"]  # (b) falls from height at CONS, rising
    serious = dict(data["serious_falls"])
    for month, count in enumerate(data["cons_falls"]):
        for j in range(count):
            workshop = rng.choice(data["rise_workshops"] if month >= 15 else [w.code for w in p.workshops["CONS"]])
            outcome, days = None, 0
            if month == data["fatal"]["month"] and j == 0:
                workshop, outcome = data["fatal"]["workshop"], "fatal"
            elif month in serious and j == 1:
                outcome, days = "serious", serious.pop(month)
            p.injury(workshop, p.at(month, 0.05), fall, outcome, days=days, tag="fall")
            taken[("CONS", month)] += 1
    for workshop, month, key, days in data["serious"]:
        p.injury(workshop, p.at(month), p.by_key[key], "serious", days=days, tag="serious")
        taken[(workshop.split("-")[0], month)] += 1
    _forklift(p, taken)
    ur = data["under_reporting"]  # (e) a thin pyramid at 燃料车间
    for month, outcome, key in ur["recordable"]:
        days = rng.randint(120, 160) if outcome == "serious" else rng.randint(10, 45)
        p.injury(ur["workshop"], p.at(month), p.by_key[key], outcome, days=days, tag="under_reporting")
        taken[("POWR", month)] += 1
    for month in ur["first_aid"]:
        p.add(ur["workshop"], p.at(month), "first_aid", p.by_key["conveyor"], "first_aid", tag="under_reporting")
    for month in ur["near_miss"]:
        p.add(ur["workshop"], p.at(month), "near_miss", p.by_key["trestle"], tag="under_reporting")
    return taken


def _forklift(p: Planner, taken: Counter) -> None:
    """(d) The same report, again and again: six before the key action was verified, seven after."""
    f, rng = p.data["forklift"], p.rng
    cases = f["before"] + f["after"]
    for n, (month, kind, outcome) in enumerate(cases):
        ending = {
            "near_miss": "躲避及时，险些被撞",
            "first_aid": f"躲避不及，{rng.choice(['左肩', '右肩', '左臂'])}被擦伤",
            "injury": f"躲避不及被撞倒，{rng.choice(['左小腿', '右脚踝'])}受伤",
        }[kind]
        text = (
            f"{rng.choice(f['places'])}内，一辆{f['mark']}、无人指挥，{rng.choice(f['alarms'])}，司机未观察车后"
            f"情况，后方{rng.choice(f['victims'])}{ending}。"
        )
        at = p.at(month, 0.0, day=min(20, (p.demo.today - p.demo.month(month)).days))
        extra = {"key_action": f["key_action"]} if n == len(f["before"]) - 1 else {}
        if kind == "injury":
            p.injury(f["workshop"], at, p.forklift, outcome, tag="forklift", description=text, extra=extra)
            taken[("LOGI", month)] += 1
        else:
            p.add(f["workshop"], at, kind, p.forklift, outcome, tag="forklift", description=text, extra=extra)


def _schedule(p: Planner, taken: Counter) -> None:
    """Each branch's recordable schedule, the planted cases counted, the rest given to its workshops in turn
    (so that no workshop has a run of them by chance); two occupational illnesses among them."""
    data, rng = p.data, p.rng
    planted = {data["press"]["workshop"], data["under_reporting"]["workshop"]}
    illnesses = {("CHEM", 7): "dermatitis", ("POWR", 8): "heat"}
    for branch, schedule in data["recordable"].items():
        workshops = [w.code for w in p.workshops[branch] if w.code not in planted]
        scenarios = [
            s for s in p.general + p.branch[branch] if not s.get("illness") and s["key"] not in ("fall", "truck")
        ]
        turn = 0
        for month, count in enumerate(schedule):
            free = count - taken[(branch, month)]
            assert free >= 0, (branch, month)
            for _ in range(free):
                workshop = workshops[turn % len(workshops)]
                turn += 1
                key = illnesses.pop((branch, month), None)
                road = workshop in ("LOGI-W02", "LOGI-W04") and rng.random() < 0.6
                scenario = p.by_key[key] if key else p.by_key["truck"] if road else rng.choice(scenarios)
                p.injury(workshop, p.at(month), scenario, "medical" if key else None)


def _background(p: Planner) -> None:
    """Near misses and first aid in every workshop (a sound pyramid: many near misses under each serious case),
    and the damage, fires and releases of the group."""
    data, rng = p.data, p.rng
    recordable, serious = Counter(), Counter()
    for plan in p.plans:
        code = plan.unit.code[: plan.unit.code.rindex("-")]
        recordable[code] += plan.outcome in ("medical", "restricted", "lost_time", "serious", "fatal")
        serious[code] += plan.outcome in ("serious", "fatal")
    quiet = data["under_reporting"]["workshop"]
    for branch, workshops in p.workshops.items():
        scenarios = p.general + p.branch[branch]
        for workshop in (w.code for w in workshops if w.code != quiet):
            near = max(
                data["near_min"],
                math.ceil(data["near_per_recordable"] * recordable[workshop]),
                data["pyramid"] * serious[workshop],
            )
            near -= sum(1 for plan in p.plans if plan.kind == "near_miss" and plan.unit.code.startswith(workshop))
            for _ in range(max(0, near)):
                p.add(workshop, p.at(rng.randrange(MONTHS)), "near_miss", rng.choice(scenarios))
            for _ in range(rng.randint(*data["first_aid_per_workshop"])):
                scenario = rng.choice([s for s in scenarios if "first_aid" in _natures(s)] or scenarios)
                p.add(workshop, p.at(rng.randrange(MONTHS)), "first_aid", scenario, "first_aid")
    texts = load("incident_texts")
    all_workshops = [w for ws in p.workshops.values() for w in ws if w.code != quiet]
    for kind, words, count in (
        ("property", texts["property"], data["property"]),
        ("fire", texts["fires"], data["fire"]),
        ("environment", texts["releases"], data["environment"]),
    ):
        for _ in range(count):
            category, agent, lines, *branches = rng.choice(words)
            fits = [w for w in all_workshops if not branches or w.code.split("-")[0] in branches[0]]
            scenario = {
                "key": kind,
                "category": f"{int(category):02d}",
                "agent": agent,
                "event_type": "",
                "causes": [],
                "actions": [],
            }
            text = rng.choice(lines).replace("{n}", str(rng.randint(2, 40)))
            p.add(
                rng.choice(fits).code,
                p.at(rng.randrange(MONTHS)),
                kind,
                scenario,
                description=text,
                extra={"loss": rng.randrange(2000, 60000, 500)},
            )
    for days_ago, workshop, kind, key in data["recent"]:
        at = p.demo.at(rng, p.demo.today - datetime.timedelta(days=days_ago), 8, 16)
        p.add(workshop, at, kind, p.press if key == "press" else p.by_key[key], kind.replace("near_miss", "unhurt"))


def _natures(scenario: dict) -> set:
    """Natures a first-aid kit treats (the rest need a doctor)."""
    return (
        {"first_aid"}
        if set(scenario.get("natures", [])) & set(load("incident_texts")["first_aid_treatments"])
        else set()
    )

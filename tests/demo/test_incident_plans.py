"""The incident plans on any build date, without a database: every incident falls between the first demo month
and the build date, each branch's recordable schedule is met month by month, and the same seed and date give the
same plans (the built demo is checked on one date in test_demo_incidents.py)."""

from __future__ import annotations

import datetime
from collections import Counter
from types import SimpleNamespace

import pytest
from django.utils import timezone

from zeroharm.demo.context import MONTHS, Demo
from zeroharm.demo.data import load
from zeroharm.demo.incident_plans import plan_incidents

RECORDABLE = ("medical", "restricted", "lost_time", "serious", "fatal")


def _demo(today: datetime.date, seed: int = 2026) -> Demo:
    demo = Demo(today=today, seed=seed)
    for branch, _name, workshops in load("org")["branches"]:
        for w, workshop in enumerate(workshops, start=1):
            code = f"{branch}-W{w:02d}"
            demo.units[code] = SimpleNamespace(code=code, kind="workshop", name=workshop)
            for t in range(1, 5):
                demo.units[f"{code}-T{t:02d}"] = SimpleNamespace(
                    code=f"{code}-T{t:02d}", kind="team", name=f"{workshop}{t}"
                )
    return demo


def _month(demo: Demo, moment) -> int:
    local = timezone.localtime(moment).date()
    return (local.year - demo.first_day.year) * 12 + local.month - demo.first_day.month


@pytest.mark.parametrize("today", [datetime.date(2026, 12, 4), datetime.date(2027, 3, 1)])
def test_the_plans_fit_the_build_date(today):
    demo = _demo(today)
    plans = plan_incidents(demo)
    assert all(demo.first_day <= timezone.localdate(p.at) < today for p in plans)
    recordable = Counter((p.unit.code.split("-")[0], _month(demo, p.at)) for p in plans if p.outcome in RECORDABLE)
    for branch, schedule in load("incidents")["recordable"].items():
        assert [recordable[(branch, m)] for m in range(MONTHS)] == schedule, branch
    forklift = [p for p in plans if p.tag == "forklift"]
    assert len(forklift) == 13 and sum(1 for p in forklift if "key_action" in p.extra) == 1
    assert sum(p.outcome == "fatal" for p in plans) == 1


def test_the_same_seed_and_date_give_the_same_plans():
    def fingerprint(demo):
        return [(p.unit.code, p.at, p.kind, p.outcome, p.days, p.scenario["key"]) for p in plan_incidents(demo)]

    today = datetime.date(2027, 3, 1)
    assert fingerprint(_demo(today)) == fingerprint(_demo(today))
    assert fingerprint(_demo(today)) != fingerprint(_demo(today, seed=7))

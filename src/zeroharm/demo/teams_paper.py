"""The paper briefing logs (班前会记录簿) the teams kept before they went live, imported the afternoon before go-live
through teams.services.paper_log as the import page calls it (the parsed rows, one workshop at a time, by the group's
safety manager): every team but the pilot workshop's (live for four months already) from `paper_log.days` before the
build up to the day before go-live. The log's habits are the live ones of data/teams.yaml: a sloppy team skips a day
now and then, a member is absent now and then, the leader writes the rule of the day as a clause of the team's
procedures, or in words of their own on some days.

Building these briefings through the live services would cost some 40 ms each (minutes for the group's quarter);
written in bulk they cost a few seconds."""

from __future__ import annotations

import datetime
import random

from zeroharm.demo.clock import midnight
from zeroharm.demo.context import Demo

__all__ = ["plan"]


def plan(demo: Demo, data: dict, crews, go_live: datetime.date) -> None:
    pilot = demo.units[data["pilot"]["workshop"]].path
    logging = [crew for crew in crews if not crew.team.path.startswith(pilot)]
    first = demo.today - datetime.timedelta(days=data["paper_log"]["days"])
    demo.timeline.at(
        midnight(go_live - datetime.timedelta(days=1)) + datetime.timedelta(hours=16),
        lambda: _import(demo, data, logging, first, go_live),
    )


def _import(demo: Demo, data: dict, crews, first: datetime.date, go_live: datetime.date) -> None:
    from zeroharm.teams.services.paper_log import paper_log_import

    by_workshop: dict[str, list] = {}
    for crew in crews:
        rows = _log(data, crew, demo.rng(f"paper-log-{crew.team.code}"), first, go_live)
        by_workshop.setdefault(crew.team.parent_path, []).extend(rows)
    for path in sorted(by_workshop):
        paper_log_import(rows=by_workshop[path], acting_user=demo.users["safety"])


def _log(data: dict, crew, rng: random.Random, first: datetime.date, go_live: datetime.date) -> list:
    from zeroharm.teams.services.paper_log import PaperRow

    habits, profile = data["habits"], crew.profile
    skip = habits["skip"]["sloppy" if crew.sloppy else "others"]
    leader = crew.leader.person
    rows, day = [], first
    while day < go_live:
        if str(day.weekday()) in profile.weekdays and rng.random() >= skip:
            on_roll = [p for p in crew.members if p.hire_date <= day]
            absent = [p for p in on_roll if p.pk != leader.pk and rng.random() < habits["absent_share"]]
            if len(absent) == len(on_roll):  # nobody there: no briefing that day
                day += datetime.timedelta(days=1)
                continue
            rows.append(
                PaperRow(
                    team=crew.team,
                    day=day,
                    shift="day",
                    start=profile.briefing_time,
                    minutes=profile.briefing_minutes + rng.choice([-5, 0, 0, 0, 5]),
                    held_by=leader,
                    present=tuple(p for p in on_roll if p not in absent),
                    absent=tuple(absent),
                    rule=_rule(data, crew, rng),
                    notes=rng.choice(data["carry_on"]) if rng.random() < habits["carry_on_share"] else "",
                )
            )
        day += datetime.timedelta(days=1)
    return rows


def _rule(data: dict, crew, rng: random.Random) -> str:
    """A clause of the team's procedures as the leader wrote it ("ZH-GEN-01 第5条 …"), or their own words."""
    if not crew.clauses or rng.random() < data["paper_log"]["own_words_share"]:
        return rng.choice(data["paper_log"]["own_words"])
    clause = rng.choice(crew.clauses)
    return f"{clause.version.procedure.code} 第{clause.number}条 {clause.text}"[:300]

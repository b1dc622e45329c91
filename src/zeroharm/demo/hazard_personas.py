"""The plan of one hidden danger's life, and those planted for the personas, so each finds work of his own in
My tasks."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from zeroharm.demo.context import Demo


@dataclass
class Plan:
    """What becomes of one hidden danger; fields left None are drawn by the life."""

    unit: object
    found_on: datetime.date
    template: list
    kind: str = "report"  # report, spot, anonymous, major
    reporter: object = None
    owner: object = None
    period: int | None = None
    fate: str | None = None
    start: bool | None = None
    extension: str | None = None  # approved, refused, pending, "" none
    reject: bool | None = None
    rect_on: datetime.date | None = None
    accept: bool = True
    close: bool = True
    stop: str = ""  # reported, assessed: the life ends there
    extra: dict = field(default_factory=dict)


def persona_plans(demo: Demo, h) -> list[Plan]:
    """The worker owns open rectifications (one overdue); the director and monitor have some to accept; the
    branch leader has an extension to decide and an open major one with its governance plan; some wait to be
    assessed."""
    # `h` is the demo.hazards.Hazards that lives these plans (not imported: it imports this module).
    days = datetime.timedelta
    today, units, users, data = demo.today, demo.units, demo.users, h.data
    team, workshop = units["MACH-W01-T01"], units["MACH-W01"]
    worker, monitor = users["worker"].person, users["monitor"].person
    mach, general = data["branch"]["MACH"], data["general"]
    mine = {"owner": worker, "fate": "stuck", "extension": "", "reject": False}
    waiting = {"start": True, "accept": False, "reject": False, "extension": ""}
    return [
        Plan(team, today - days(13), mach[0], reporter=users["monitor"], period=8, start=True, **mine),
        Plan(team, today - days(3), mach[11], reporter=users["director"], period=7, start=False, **mine),
        Plan(team, today - days(6), general[5], reporter=users["monitor"], period=6, start=True, **mine),
        Plan(
            team,
            today - days(9),
            mach[7],
            owner=worker,
            period=10,
            rect_on=today - days(1),
            reporter=users["monitor"],
            **waiting,
        ),
        Plan(
            team,
            today - days(5),
            general[1],
            owner=worker,
            period=7,
            rect_on=today - days(1),
            reporter=users["director"],
            **waiting,
        ),
        Plan(
            units["MACH-W01-T02"],
            today - days(8),
            mach[5],
            owner=monitor,
            period=10,
            rect_on=today - days(2),
            **waiting,
        ),
        Plan(workshop, today - days(12), mach[16], period=14, rect_on=today - days(1), **waiting),
        Plan(
            units["MACH-W01-T03"],
            today - days(20),
            mach[4],
            period=30,
            start=True,
            fate="stuck",
            extension="pending",
            owner=users["director"].person,
        ),
        Plan(
            workshop,
            today - days(40),
            data["major"]["MACH"][0],
            kind="major",
            period=90,
            start=True,
            fate="stuck",
            extension="",
        ),
        Plan(
            units["MACH-W04"],
            today - days(80),
            data["major"]["MACH"][1],
            kind="major",
            period=60,
            start=True,
            rect_on=today - days(6),
            reject=False,
            extension="",
            close=False,
        ),
        Plan(team, today - days(1), general[0], kind="anonymous", stop="reported"),
        Plan(units["MACH-W01-T02"], today - days(2), mach[13], reporter=users["director"], stop="assessed"),
        Plan(units["CHEM-W01"], today - days(1), data["branch"]["CHEM"][6], stop="reported"),
    ]

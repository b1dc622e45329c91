"""What the demo's builders share: the seed, the build date and the months around it, the units, people and
logins made so far, and who among the personas may act where."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from django.utils import timezone

from zeroharm.core.roles import Role
from zeroharm.demo.clock import Timeline, midnight

__all__ = ["DEMO_PASSWORD", "Demo", "Staff", "CHANGERS", "APPROVERS", "REPORTERS", "month_start"]

# Printed with the logins; meets the password rules. Demo data only: never use it on a real site.
DEMO_PASSWORD = "ZeroHarm-demo-2026"  # noqa: S105

CHANGERS = {Role.SUPERVISOR, Role.UNIT_LEADER, Role.SAFETY_MANAGER, Role.ADMIN}
APPROVERS = {Role.UNIT_LEADER, Role.SAFETY_MANAGER, Role.ADMIN}
REPORTERS = CHANGERS | {Role.EMPLOYEE}
MONTHS = 24  # of man-hours and incidents, ending with last month


def month_start(today: datetime.date, index: int) -> datetime.date:
    """The first day of demo month `index`: 0 is 24 months before this month, 23 is last month."""
    year, month = divmod(today.year * 12 + today.month - 1 - MONTHS + index, 12)
    return datetime.date(year, month + 1, 1)


@dataclass
class Demo:
    """One build: the same seed and the same date give the same group."""

    today: datetime.date
    seed: int = 2026
    timeline: Timeline = field(init=False)
    units: dict = field(default_factory=dict)  # code → OrgUnit
    people: list = field(default_factory=list)
    users: dict = field(default_factory=dict)  # username → User
    objects: dict = field(default_factory=dict)  # what one step hands to a later one
    deadline_nights: set = field(default_factory=set)  # nights the hazards' deadline scan has something to do

    def __post_init__(self):
        self.end = midnight(self.today)
        self.timeline = Timeline(self.end)
        self.root = "ZH"
        # The group was set up a fortnight before its first month of records.
        self.setup_moment = midnight(self.first_day - datetime.timedelta(days=14)) + datetime.timedelta(hours=8)

    def rng(self, step: str) -> random.Random:
        """A generator of its own for each step, so changing one step's data leaves the others as they were."""
        return random.Random(f"{self.seed}-{step}")

    def month(self, index: int) -> datetime.date:
        return month_start(self.today, index)

    @property
    def first_day(self) -> datetime.date:
        return self.month(0)

    def at(self, rng: random.Random, day: datetime.date, lo: int = 8, hi: int = 18) -> datetime.datetime:
        """A moment in working hours (or between `lo` and `hi` o'clock) of `day`."""
        moment = datetime.datetime.combine(day, datetime.time(rng.randint(lo, hi - 1), rng.randrange(0, 60, 5)))
        return timezone.make_aware(moment)

    def later(self, rng: random.Random, moment: datetime.datetime, days: int) -> datetime.datetime:
        """Minutes later (days 0) or in working hours `days` later."""
        if days <= 0:
            return moment + datetime.timedelta(minutes=rng.randint(15, 150))
        return self.at(rng, timezone.localdate(moment) + datetime.timedelta(days=days))

    def of_kind(self, kind: str) -> list:
        return sorted((u for u in self.units.values() if u.kind == kind), key=lambda u: u.code)


class Staff:
    """The personas whose roles cover a unit, nearest first, and the unit's active people."""

    def __init__(self, demo: Demo, rng: random.Random, grants: list[tuple[str, str, str]]):
        from zeroharm.org.choices import PersonStatus

        self.rng, self.units = rng, demo.units
        self.by_path = {u.path: u for u in demo.units.values()}
        self.grants = [
            (demo.users[name], role, demo.units[code])
            for name, role, code in grants
            if name in demo.users and code in demo.units
        ]
        self.members: dict[int, list] = {}
        for p in demo.people:
            if p.status == PersonStatus.ACTIVE:
                self.members.setdefault(p.unit_id, []).append(p)
        self._chains: dict = {}
        self._officers: dict[int, list] = {}

    def chain(self, unit, roles) -> list:
        key = (unit.pk, frozenset(roles))
        if key not in self._chains:
            found = [
                (g[2].depth, g[0].username != "safety", g[0].username, g[0])
                for g in self.grants
                if g[1] in roles and unit.path.startswith(g[2].path)
            ]
            self._chains[key] = [f[-1] for f in sorted(found, key=lambda f: (-f[0], f[1], f[2]))]
        return self._chains[key]

    def pick(self, unit, roles, exclude=()):
        """Someone entitled, preferably the nearest (a team's monitor before the group's safety manager)."""
        candidates = [u for u in self.chain(unit, roles) if u.pk not in exclude]
        if not candidates:
            candidates = [u for u in self.chain(unit, {Role.ADMIN, Role.SAFETY_MANAGER}) if u.pk not in exclude]
        return self.rng.choices(candidates, [6, 3, 2, 1, 1, 1][: len(candidates)])[0]

    def parent(self, unit):
        return self.by_path.get(unit.path[: -unit.steplen]) if unit.depth > 1 else None

    def workshop(self, unit):
        return self.by_path.get(unit.path[: 3 * unit.steplen]) if unit.depth >= 3 else None

    def officers(self, unit) -> list:
        """The unit's safety officers, read once per unit."""
        if unit.pk not in self._officers:
            self._officers[unit.pk] = list(unit.safety_officers.all())
        return self._officers[unit.pk]

    def principal(self, unit):
        from zeroharm.org.choices import PersonStatus

        head = unit.principal if unit is not None and unit.principal_id else None
        return head if head is not None and head.status == PersonStatus.ACTIVE else None

    def person(self, unit):
        """A rectification or action owner: the unit's head or one of its people."""
        members = self.members.get(unit.pk) or []
        head = self.principal(unit)
        if head and (not members or self.rng.random() < 0.45):
            return head
        return self.rng.choice(members) if members else self.principal(self.parent(unit))

    def user_of(self, person):
        """The login of a person, if they have one among the personas."""
        return person.user if person is not None and person.user_id else None

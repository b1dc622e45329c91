"""The organisation and the logins: units through org.services.unit_create, the register of people and two
years of man-hours through the org bulk services, the personas through accounts.services."""

from __future__ import annotations

import datetime
from decimal import Decimal

from zeroharm.demo.clock import at
from zeroharm.demo.context import DEMO_PASSWORD, MONTHS, Demo
from zeroharm.demo.data import load

__all__ = ["build_org", "build_logins", "chinese_name"]


def chinese_name(rng, data=None) -> str:
    data = data or load("org")
    given = rng.choice(data["given"]) + (rng.choice(data["given"]) if rng.random() < 0.7 else "")
    return rng.choice(data["surnames"]) + given


def _tree(spec: list[tuple], *, root_code: str, root_name: str, acting_user) -> dict:
    """Create a tree through the unit service: `spec` is [(code, name, [(code, name, [(code, name)])])]."""
    from zeroharm.org.choices import UnitKind
    from zeroharm.org.services import unit_create

    root = unit_create(
        parent=None, data={"code": root_code, "name": root_name, "kind": UnitKind.GROUP}, acting_user=acting_user
    )
    units = {root.code: root}
    for b_code, b_name, workshops in spec:
        branch = unit_create(
            parent=root, data={"code": b_code, "name": b_name, "kind": UnitKind.BRANCH}, acting_user=acting_user
        )
        units[b_code] = branch
        for w_code, w_name, teams in workshops:
            workshop = unit_create(
                parent=branch, data={"code": w_code, "name": w_name, "kind": UnitKind.WORKSHOP}, acting_user=acting_user
            )
            units[w_code] = workshop
            for t_code, t_name in teams:
                units[t_code] = unit_create(
                    parent=workshop,
                    data={"code": t_code, "name": t_name, "kind": UnitKind.TEAM},
                    acting_user=acting_user,
                )
    return units


def _spec(rng, data) -> list[tuple]:
    spec = []
    for b_code, b_name, workshop_names in data["branches"]:
        workshops = []
        for w_index, w_name in enumerate(workshop_names, start=1):
            w_code = f"{b_code}-W{w_index:02d}"
            count = rng.choice(data["teams_per_workshop"])
            teams = [(f"{w_code}-T{t:02d}", f"{w_name}{data['team_names'][t - 1]}") for t in range(1, count + 1)]
            workshops.append((w_code, w_name, teams))
        spec.append((b_code, b_name, workshops))
    return spec


class _Register:
    """The rows of the people register, made up in the order of the tree."""

    def __init__(self, demo: Demo, rng, data, positions):
        self.demo, self.rng, self.data, self.positions = demo, rng, data, positions
        self.rows: list[dict] = []
        self.principals: dict[str, str] = {}  # unit code → employee number

    def add(self, unit, position: str, employment: str = "employee", active: bool = False) -> str:
        rng, today = self.rng, self.demo.today
        age = rng.randint(19 * 365, 58 * 365)
        tenure = min(
            rng.choice([rng.randint(10, 365), rng.randint(365, 3650), rng.randint(3650, 12000)]), age - 18 * 365
        )
        number = f"E{len(self.rows) + 1:06d}"
        left = not active and rng.random() < self.data["left_share"]
        self.rows.append(
            {
                "employee_no": number,
                "name": chinese_name(rng, self.data),
                "unit": unit,
                "position": self.positions[position],
                "employment_type": employment,
                "birth_date": today - datetime.timedelta(days=age),
                "hire_date": today - datetime.timedelta(days=tenure),
                "sex": "F" if rng.random() < self.data["female_share"] else "M",
                "phone": f"13{rng.randint(100000000, 999999999)}",
                "status": "left" if left else "active",
            }
        )
        return number

    def fill(self, units: dict) -> None:
        from zeroharm.org.choices import UnitKind

        rng, data = self.rng, self.data
        kinds, shares = zip(*data["employment_shares"].items(), strict=True)
        for unit in units.values():
            if unit.kind in (UnitKind.GROUP, UnitKind.BRANCH):
                self.principals[unit.code] = self.add(unit, "GM", active=True)
                for _ in range(data["staff"]["group" if unit.kind == UnitKind.GROUP else "branch"]):
                    self.add(unit, rng.choice(["SAFETY-OFF", "CLERK", "CLERK"]))
            elif unit.kind == UnitKind.WORKSHOP:
                self.principals[unit.code] = self.add(unit, "DIR", active=True)
                self.add(unit, "SAFETY-OFF", active=True)
            else:
                self.principals[unit.code] = self.add(unit, "MONITOR", active=True)
                branch = unit.code.split("-")[0]
                for _ in range(rng.randint(*data["people_per_team"])):
                    self.add(unit, rng.choice(data["branch_positions"][branch]), rng.choices(kinds, shares)[0])


def build_org(demo: Demo) -> str:
    """The tree, positions, people, principals and safety officers, 24 months of man-hours."""
    from zeroharm.accounts.models import User
    from zeroharm.core.services import record_create
    from zeroharm.org.models import Position
    from zeroharm.org.services import people_bulk_create

    rng, data = demo.rng("org"), load("org")
    # The site's first administrator is made as on any new site (`zeroharm createsuperuser`); everything
    # else is made by the services, acting as this administrator.
    with at(demo.setup_moment):
        admin = User.objects.create_superuser("admin", "", DEMO_PASSWORD)
        demo.users["admin"] = admin
        units = _tree(
            _spec(rng, data), root_code=data["group"]["code"], root_name=data["group"]["name"], acting_user=admin
        )
        positions = {
            code: record_create(
                model=Position,
                acting_user=admin,
                data={"code": code, "name": name, "is_special_operation": special, "is_high_risk": high},
            )
            for code, name, special, high in data["positions"]
        }
        register = _Register(demo, rng, data, positions)
        register.fill(units)
        people = people_bulk_create(rows=register.rows, acting_user=admin)
        demo.units, demo.people = units, people
        _heads(demo, register.principals, admin)
        hours = _man_hours(demo, rng, admin)
    return f"{len(units)} units, {len(people)} people, {len(positions)} positions, {hours} man-hour months"


def _heads(demo: Demo, principals: dict, admin) -> None:
    """Each unit's principal person, and its safety officers."""
    from zeroharm.org.services import unit_update

    by_no = {p.employee_no: p for p in demo.people}
    officers: dict[int, list] = {}
    for p in demo.people:
        if p.position.code == "SAFETY-OFF" and p.status == "active":
            officers.setdefault(p.unit_id, []).append(p)
    for code, unit in demo.units.items():
        demo.units[code] = unit_update(
            instance=unit,
            data={"principal": by_no[principals[code]]},
            acting_user=admin,
            expected_version=unit.version,
            m2m={"safety_officers": officers.get(unit.pk, [])},
        )


def _man_hours(demo: Demo, rng, admin) -> int:
    """24 months per team, ending last month: headcount from the roster, about 174 hours each, seasonal swing."""
    from zeroharm.org.choices import UnitKind
    from zeroharm.org.services import man_hours_bulk_save

    headcount: dict[int, int] = {}
    for p in demo.people:
        if p.status == "active":
            headcount[p.unit_id] = headcount.get(p.unit_id, 0) + 1
    rows = []
    for unit in demo.of_kind(UnitKind.TEAM):
        for index in range(MONTHS):
            month = demo.month(index)
            crew = max(1, headcount.get(unit.pk, 0) + rng.randint(-2, 1))
            per_head = 174 * (0.92 if month.month in (1, 2) else 1.0) * rng.uniform(0.95, 1.08)
            rows.append(
                {
                    "unit": unit,
                    "month": month,
                    "average_headcount": Decimal(crew),
                    "hours": Decimal(round(crew * per_head, 1)).quantize(Decimal("0.1")),
                }
            )
    return len(man_hours_bulk_save(rows=rows, acting_user=admin))


def build_logins(demo: Demo) -> str:
    """One login per persona, each the principal person of its unit (the employee: a member of the team)."""
    from zeroharm.accounts.models import RoleAssignment
    from zeroharm.core.services import record_create, record_update
    from zeroharm.org.models import Person

    admin = demo.users["admin"]
    with at(demo.setup_moment + datetime.timedelta(hours=1)):
        for _persona, username, role, code in load("org")["personas"]:
            unit = demo.units[code]
            # The unit's principal, or the first member without a login (a person has one login at most). The
            # employee is one hired before go-live: a newer hire waits for the next induction day, and is refused
            # at every briefing until then, which is not the member's phone the guides walk through.
            free = Person.objects.filter(unit=unit, status="active", user__isnull=True).order_by("employee_no")
            person = free.filter(pk=unit.principal_id).first() if username != "worker" else None
            settled = free.filter(hire_date__lt=demo.first_day) if username == "worker" else free
            person = person or settled.exclude(pk=unit.principal_id).first()
            if username == "admin":
                record_update(instance=person, data={"user": admin}, acting_user=admin, expected_version=person.version)
                user = admin
                record_create(model=RoleAssignment, acting_user=admin, data={"user": user, "role": role, "unit": unit})
            else:
                user = give_login(admin, person, username, role, unit)
            demo.users[username] = user
    _reload(demo)
    return f"{len(demo.users)} logins"


def give_login(admin, person, username: str, role: str, unit):
    """A login for `person` with one role in `unit`. No e-mail address: the demo's messages stay in the inbox,
    nothing is sent. The password is the administrator's, already hashed when that login was made: one hash for all
    (half a second each)."""
    from zeroharm.accounts.models import RoleAssignment
    from zeroharm.accounts.services import user_create_for_person
    from zeroharm.core.services import record_create

    user = user_create_for_person(
        person=person,
        username=username,
        email="",
        password=DEMO_PASSWORD,
        acting_user=admin,
        password_hash=admin.password,
    )
    record_create(model=RoleAssignment, acting_user=admin, data={"user": user, "role": role, "unit": unit})
    return user


def _reload(demo: Demo) -> None:
    """Fresh copies of the units and people, now that principals and logins are set."""
    from zeroharm.org.models import OrgUnit, Person

    demo.units = {
        u.code: u
        for u in OrgUnit.objects.filter(path__startswith=demo.units[demo.root].path)
        .select_related("principal__user")
        .order_by("path")
    }
    demo.people = list(
        Person.objects.filter(unit__in=demo.units.values())
        .select_related("position", "user", "unit")
        .order_by("employee_no")
    )

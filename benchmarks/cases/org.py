"""The organisation at scale: the unit tree, the people list, a person's page and the people API.

Builds a group -> branches -> workshops -> teams tree of about `ctx.units` units (10,000 by default:
50 branches x 20 workshops x 9 teams) and `ctx.people` people (one principal per group, branch and
workshop, the rest spread evenly over the teams, about 3% of them "left"). Two logins:

- "admin": the `admin` role over the group root (sees everything);
- "leader": the `unit_leader` role over one branch in the middle of the tree (a scoped user).

Sets in the context, for later suites: ids "group", "branch", "workshop", "team", "person" (the last
three inside the leader's branch); data "units" (every OrgUnit, in path order), "teams", "branches",
"positions". Users are made without a password: the clients sign in with force_login.
"""

from __future__ import annotations

import datetime
import math
from urllib.parse import urlencode

from benchmarks.harness import Case, Context, Suite, register

GROUP_CODE = "BENCH"
PAGE_SIZE_UI = 25  # core.views.ObjectListView.paginate_by
PAGE_SIZE_API = 50  # REST_FRAMEWORK["PAGE_SIZE"]


def tree_shape(units: int) -> tuple[int, int, int]:
    """(branches, workshops per branch, teams per workshop) giving about `units` units, shaped like 50 x 20 x 9."""
    scale = (max(units, 4) / 10_051) ** (1 / 3)
    workshops = max(1, round(20 * scale))
    teams = max(1, round(9 * scale))
    branches = max(1, round((units - 1) / (1 + workshops + workshops * teams)))
    return branches, workshops, teams


def _spec(branches: int, workshops: int, teams: int) -> list[tuple]:
    return [
        (
            f"BN{b:03d}",
            f"第{b}分公司",
            [
                (
                    f"BN{b:03d}-W{w:02d}",
                    f"第{b}分公司{w}号车间",
                    [(f"BN{b:03d}-W{w:02d}-T{t:02d}", f"{w}号车间{t}班") for t in range(1, teams + 1)],
                )
                for w in range(1, workshops + 1)
            ],
        )
        for b in range(1, branches + 1)
    ]


def _next_root_index() -> int:
    """A root slot no other tree uses (the benchmark may run inside a test database that has one)."""
    from zeroharm.org.models import OrgUnit

    last = OrgUnit.objects.filter(depth=1).order_by("-path").first()
    return 1 if last is None else OrgUnit._str2int(last.path[: OrgUnit.steplen]) + 1


def build(ctx: Context) -> str:
    from django.db import transaction

    from zeroharm.accounts.models import RoleAssignment, User
    from zeroharm.demo.data import load
    from zeroharm.demo.org import chinese_name
    from zeroharm.org.choices import EmploymentType, PersonStatus, Sex, UnitKind
    from zeroharm.org.models import OrgUnit, Person, Position
    from zeroharm.org.trees import build_tree

    positions_data = load("org")["positions"]  # the demo's positions

    rng = ctx.rng
    shape = tree_shape(ctx.units)
    with transaction.atomic():
        positions = Position.objects.bulk_create(
            [Position(code=f"BN-{c}", name=n, is_special_operation=s, is_high_risk=h) for c, n, s, h in positions_data]
        )
        units = build_tree(_spec(*shape), root_code=GROUP_CODE, root_name="基准测试集团", root_index=_next_root_index())
        units.sort(key=lambda u: u.path)
        teams = [u for u in units if u.kind == UnitKind.TEAM]
        heads = [u for u in units if u.kind != UnitKind.TEAM]
        if ctx.people < len(heads) + len(teams):
            heads = []  # too few people for a principal everywhere: put them all in teams
        today = datetime.date(2026, 11, 1)
        people: list[Person] = []
        principal_index: dict[int, int] = {}  # unit pk -> index in `people`

        def add(unit, status=PersonStatus.ACTIVE):
            serial = len(people) + 1
            age_days = rng.randint(19 * 365, 58 * 365)
            people.append(
                Person(
                    employee_no=f"BN{serial:07d}",
                    name=chinese_name(rng),
                    unit_id=unit.pk,
                    position_id=rng.choice(positions).pk,
                    employment_type=rng.choices(list(EmploymentType.values), [80, 14, 6])[0],
                    birth_date=today - datetime.timedelta(days=age_days),
                    hire_date=today - datetime.timedelta(days=rng.randint(1, age_days - 18 * 365)),
                    sex=Sex.FEMALE if rng.random() < 0.18 else Sex.MALE,
                    phone=f"13{rng.randint(100000000, 999999999)}",
                    status=status,
                )
            )
            principal_index.setdefault(unit.pk, len(people) - 1)

        for unit in heads:
            add(unit)
        remaining = ctx.people - len(heads)
        for i, team in enumerate(teams):
            for j in range(remaining // len(teams) + (1 if i < remaining % len(teams) else 0)):
                left = j > 0 and rng.random() < 0.03  # the team's first person (its monitor) is active
                add(team, PersonStatus.LEFT if left else PersonStatus.ACTIVE)
        people = Person.objects.bulk_create(people, batch_size=2000)
        for unit in units:
            if unit.pk in principal_index:
                unit.principal_id = people[principal_index[unit.pk]].pk
        OrgUnit.objects.bulk_update(units, ["principal"], batch_size=2000)

        branches = [u for u in units if u.kind == UnitKind.BRANCH]
        branch = branches[len(branches) // 2]
        workshop = next(u for u in units if u.parent_path == branch.path)
        branch_teams = {u.pk: u for u in teams if u.path.startswith(branch.path)}
        branch_unit_ids = {u.pk for u in units if u.path.startswith(branch.path)}
        in_branch = [p for p in people if p.unit_id in branch_unit_ids]
        person = next((p for p in in_branch if p.unit_id in branch_teams and p.status == PersonStatus.ACTIVE), None)
        if person is None:
            raise ValueError(f"{ctx.people} people are too few for {len(units)} units: no one in a team of the branch")
        team = branch_teams[person.unit_id]

        admin = User.objects.create(username="bench-admin", email="bench-admin@example.com")
        leader = User.objects.create(username="bench-leader", email="bench-leader@example.com")
        for user in (admin, leader):
            user.set_unusable_password()
            user.save(update_fields=["password"])
        RoleAssignment.objects.create(user=admin, role="admin", unit=units[0])
        RoleAssignment.objects.create(user=leader, role="unit_leader", unit=branch)

    ctx.users.update(admin=admin, leader=leader)
    ctx.ids.update(group=units[0].pk, branch=branch.pk, workshop=workshop.pk, team=team.pk, person=person.pk)
    ctx.data.update(
        units=units,
        teams=teams,
        branches=branches,
        positions=positions,
        person=person,
        group_unit=units[0],
        branch_unit=branch,
        workshop_unit=workshop,
        team_unit=team,
        branch_active=sum(p.status == PersonStatus.ACTIVE for p in in_branch),
        branch_people=len(in_branch),
        search=person.name,
    )
    return (
        f"org: {len(units):,} units ({shape[0]} branches x {shape[1]} workshops x {shape[2]} teams), "
        f"{len(people):,} people ({len(in_branch):,} in the leader's branch), {len(positions)} positions"
    )


#
# URLs: the pages the issue names, each with the filters a user really combines.
#


def _page(rows: int, per_page: int, wanted: int) -> int:
    """Page `wanted`, or the last page when a small build has fewer rows (so the query shape stays the same)."""
    return max(1, min(wanted, math.ceil(rows / per_page)))


def tree(ctx):
    return "/org/"


def tree_children_group(ctx):
    return f"/org/tree/{ctx.ids['group']}/children/"


def tree_children_branch(ctx):
    return f"/org/tree/{ctx.ids['branch']}/children/"


def people_branch(ctx):
    page = _page(ctx.data["branch_active"], PAGE_SIZE_UI, 3)
    return "/org/people/?" + urlencode(
        {"ancestor_id": ctx.ids["branch"], "status": "active", "sort": "name", "page": page}
    )


def people_team(ctx):
    return "/org/people/?" + urlencode({"ancestor_id": ctx.ids["team"], "status": "active", "sort": "name"})


def people_scope(ctx):
    page = _page(ctx.data["branch_active"], PAGE_SIZE_UI, 3)
    return "/org/people/?" + urlencode({"status": "active", "sort": "name", "page": page})


def people_search(ctx):
    return "/org/people/?" + urlencode({"q": ctx.data["search"], "sort": "name"})


def person_page(ctx):
    return f"/org/people/{ctx.ids['person']}/"


def api_people(ctx):
    page = _page(ctx.data["branch_people"], PAGE_SIZE_API, 2)
    return "/api/v1/people/?" + urlencode({"ancestor_id": ctx.ids["branch"], "ordering": "name", "page": page})


def _page_of(wanted: int, per_page: int):
    return lambda ctx: f"Page {_page(ctx.data['branch_active'], per_page, wanted)} of"


def _unit_name(key: str):
    return lambda ctx: ctx.data[key].name


HTMX = {"HX-Request": "true"}  # the tree's children and the list's live search are fetched by htmx

CASES = [
    Case("org tree /org/", tree, "admin", expect=_unit_name("group_unit")),
    Case("org tree /org/", tree, "leader", expect=_unit_name("branch_unit")),
    Case("tree children of the group", tree_children_group, "admin", HTMX, expect=_unit_name("branch_unit")),
    Case("tree children of a branch", tree_children_branch, "admin", HTMX, expect=_unit_name("workshop_unit")),
    Case("tree children of a branch", tree_children_branch, "leader", HTMX, expect=_unit_name("workshop_unit")),
    Case("people: branch+active, by name, p3", people_branch, "admin", expect=_page_of(3, PAGE_SIZE_UI)),
    Case("people: branch+active, by name, p3", people_branch, "leader", expect=_page_of(3, PAGE_SIZE_UI)),
    Case("people: team+active, by name", people_team, "admin", expect=_unit_name("team_unit")),
    Case("people: team+active, by name", people_team, "leader", expect=_unit_name("team_unit")),
    Case("people: all in scope, active, by name, p3", people_scope, "admin", expect=_page_of(3, PAGE_SIZE_UI)),
    Case("people: all in scope, active, by name, p3", people_scope, "leader", expect=_page_of(3, PAGE_SIZE_UI)),
    Case("people: search q=<full name>", people_search, "admin", expect=lambda ctx: ctx.data["search"]),
    Case("people: search q=<full name>", people_search, "leader", expect=lambda ctx: ctx.data["search"]),
    Case("person page", person_page, "admin", expect=lambda ctx: ctx.data["person"].employee_no),
    Case("person page", person_page, "leader", expect=lambda ctx: ctx.data["person"].employee_no),
    Case("API people: branch, by name, p2", api_people, "admin", expect=lambda ctx: '"results"'),
    Case("API people: branch, by name, p2", api_people, "leader", expect=lambda ctx: '"results"'),
]

register(Suite(name="org", build=build, cases=CASES, order=10))

"""The six main lists side by side, the cost of their rows, and the home page (issue 11, points 16–18).

Builds what the other suites do not: inspections (two per person: 200,000 at the default 100,000 people, over two
years, one checklist, one inspection point per team) and corrective actions (one per person, raised from hidden
dangers). Hidden dangers, incidents, risk points and people come from their own suites.

Cases, each as the group's administrator and as the leader of one branch:

- every main list as it opens (its default order, no filter), with 25 and with 50 rows a page: the difference is
  what 25 more rows cost (`format_row_costs` prints it under the table);
- the hidden-danger list filtered by two states (a multiple-choice filter), and by one state, by deadline;
- the home page, as it is kept between writes and as the first request after a write (one hidden danger reported
  through the service before each request: this case adds records to the database it measures).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from benchmarks.cases.hazards import _indexes_dropped
from benchmarks.harness import ROWS_LARGE, ROWS_SMALL, Case, Context, RowWriter, Suite, register

INSPECTIONS_PER_PERSON = 2
ACTIONS_PER_PERSON = 1
DAYS = 730
BATCH = 20_000
INSPECTION_STATUS = ["done"] * 85 + ["missed"] * 5 + ["planned"] * 10
ACTION_STATUS = ["verified"] * 80 + ["open"] * 10 + ["done"] * 5 + ["cancelled"] * 5


def _checklist(ctx: Context):
    """One group-wide checklist of three questions, and its version 1 (used)."""
    from zeroharm.inspections.models import ChecklistItem, ChecklistTemplate, ChecklistVersion

    template = ChecklistTemplate.objects.create(unit_id=ctx.ids["group"], name="Daily walk-round")
    version = ChecklistVersion.objects.create(template=template, number=1, is_used=True)
    ChecklistItem.objects.bulk_create(
        [ChecklistItem(version=version, order=i, question=f"Question {i}") for i in range(1, 4)]
    )
    template.current_version = version
    template.save(update_fields=["current_version"])
    return version


def _points(ctx: Context) -> dict[int, int]:
    """One inspection point per team: team pk -> point pk."""
    from zeroharm.inspections.models import InspectionPoint

    points = InspectionPoint.objects.bulk_create(
        [InspectionPoint(unit_id=t.pk, code=f"IP-{t.pk}", name=f"{t.name} walk-round") for t in ctx.data["teams"]],
        batch_size=2000,
    )
    return {p.unit_id: p.pk for p in points}


def _team_people(ctx: Context) -> dict[int, list[int]]:
    from zeroharm.org.models import Person

    people: dict[int, list[int]] = {}
    for pk, unit in Person.objects.filter(status="active").values_list("pk", "unit_id").iterator(chunk_size=5000):
        people.setdefault(unit, []).append(pk)
    return people


def _inspections(ctx: Context, cursor, now, today, version, points, people) -> int:
    from zoneinfo import ZoneInfo

    from django.conf import settings

    from zeroharm.inspections.models import Inspection

    zone, rng = ZoneInfo(settings.TIME_ZONE), ctx.rng
    teams = [t.pk for t in ctx.data["teams"]]
    writer = RowWriter(cursor, Inspection, now, batch_size=BATCH)
    for _ in range(ctx.people * INSPECTIONS_PER_PERSON):
        team = rng.choice(teams)
        due = today - datetime.timedelta(days=rng.randrange(DAYS) - 14)  # a fortnight ahead to two years back
        status = "planned" if due >= today else rng.choice(INSPECTION_STATUS)
        done = status == "done"
        late = done and rng.random() < 0.1
        writer.add(
            {
                "unit_id": team,
                "checklist_version_id": version.pk,
                "point_id": points.get(team),
                "assignee_id": rng.choice(people.get(team) or [None]),
                "due_date": due,
                "status": status,
                "is_late": late,
                "done_at": datetime.datetime.combine(
                    due + datetime.timedelta(days=2 if late else 0), datetime.time(10), tzinfo=zone
                )
                if done
                else None,
            }
        )
    writer.flush()
    return writer.count


def _actions(ctx: Context, cursor, now, today, people) -> int:
    from django.contrib.contenttypes.models import ContentType

    from zeroharm.actions.models import ActionItem
    from zeroharm.hazards.models import HiddenDanger

    rng = ctx.rng
    source_type = ContentType.objects.get_for_model(HiddenDanger).pk
    teams = [t.pk for t in ctx.data["teams"]]
    admin = ctx.users["admin"].pk
    writer = RowWriter(cursor, ActionItem, now, batch_size=BATCH)
    for i in range(ctx.people * ACTIONS_PER_PERSON):
        team = rng.choice(teams)
        owner = rng.choice(people.get(team) or [ctx.ids["person"]])
        status = rng.choice(ACTION_STATUS)
        due = today - datetime.timedelta(days=rng.randrange(DAYS) - 30)
        writer.add(
            {
                "unit_id": team,
                "title": f"整改措施 {i}",
                "owner_id": owner,
                "due_date": due,
                "status": status,
                "kind": "corrective" if rng.random() < 0.8 else "preventive",
                "source_type_id": source_type,
                "source_id": rng.randint(1, max(ctx.people, 1)),
                "verified_at": now if status == "verified" else None,
                "verified_by_id": admin if status == "verified" else None,
            }
        )
    writer.flush()
    return writer.count


def build(ctx: Context) -> str:
    from django.db import connection, transaction
    from django.utils import timezone

    from zeroharm.actions.models import ActionItem
    from zeroharm.inspections.models import Inspection

    now, today = timezone.now(), timezone.localdate()
    with transaction.atomic():
        version = _checklist(ctx)
        points = _points(ctx)
        people = _team_people(ctx)
        with (
            connection.cursor() as cursor,
            _indexes_dropped(cursor, Inspection._meta.db_table),
            _indexes_dropped(cursor, ActionItem._meta.db_table),
        ):
            inspections = _inspections(ctx, cursor, now, today, version, points, people)
            actions = _actions(ctx, cursor, now, today, people)
    return f"lists: {inspections:,} inspections, {len(points):,} inspection points, {actions:,} actions"


#
# Cases
#

LISTS = [  # (name, path) of the main lists, as each opens from the menu
    ("hidden dangers", "/hazards/"),
    ("incidents", "/incidents/"),
    ("risk points", "/risks/"),
    ("inspections", "/inspections/"),
    ("people", "/org/people/"),
    ("actions", "/actions/"),
]


def _url(path: str, query: str = "", per_page: int = 25) -> Callable[[Context], str]:
    parts = [p for p in (query, "" if per_page == 25 else f"per_page={per_page}") if p]
    return lambda ctx: f"{path}{'?' if parts else ''}{'&'.join(parts)}"


def _paged(page: int = 1) -> Callable[[Context], str]:
    """ "Page n of" proves a list of many pages; a small build (a few rows in a branch) shows one page only."""
    return lambda ctx: f"Page {page} of" if ctx.people >= 10_000 else 'class="count"'


def _list_cases() -> list[Case]:
    cases = []
    for name, path in LISTS:
        for persona in ("admin", "leader"):
            for rows, per_page in ((ROWS_SMALL, 25), (ROWS_LARGE, 50)):
                cases.append(
                    Case(f"list {name}: as it opens, {rows}", _url(path, per_page=per_page), persona, expect=_paged())
                )
    return cases


def _hazard_filter_cases() -> list[Case]:
    two_states = "state=assigned&state=in_rectification&sort=deadline"
    return [
        Case(
            f"list hidden dangers: two states, by deadline, {rows}",
            _url("/hazards/", two_states, per_page),
            persona,
            expect=_paged(),
        )
        for persona in ("admin", "leader")
        for rows, per_page in ((ROWS_SMALL, 25), (ROWS_LARGE, 50))
    ] + [
        Case(
            "list hidden dangers: one state, by deadline, p2",
            _url("/hazards/", "state=in_rectification&sort=deadline&page=2"),
            persona,
            expect=_paged(2),
        )
        for persona in ("admin", "leader")
    ]


def _report_one(ctx: Context) -> None:
    """A hidden danger reported by the administrator in a team of the leader's branch, through the service (so
    everything a write does to the home page's figures happens)."""
    from zeroharm.hazards.services import hazard_report
    from zeroharm.org.models import OrgUnit

    unit = OrgUnit.objects.get(pk=ctx.ids["team"])
    hazard_report(acting_user=ctx.users["admin"], unit=unit, location="Benchmark", description="Written before a GET")


def _home_cases() -> list[Case]:
    shown = lambda ctx: 'id="my-tasks"'  # noqa: E731
    return [Case("home page", lambda ctx: "/", persona, expect=shown) for persona in ("admin", "leader")] + [
        Case("home page, after a write", lambda ctx: "/", persona, expect=shown, before=_report_one)
        for persona in ("admin", "leader")
    ]


register(Suite(name="lists", order=50, build=build, cases=_list_cases() + _hazard_filter_cases() + _home_cases()))

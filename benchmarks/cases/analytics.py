"""Accident analysis at scale: two incidents per person (200,000 at the default 100,000 people) over ten years.

    .venv/bin/python benchmarks/run.py --only analysis --reps 5        # the analysis cases only (all suites build)

The rows are written with `executemany` (no model instances, no history rows), indexes dropped while they go in
(`benchmarks.cases.hazards._indexes_dropped`). Their shape, over the 3,650 days up to today:

- units: 90% teams, 8% workshops, 2% branches;
- kinds: 45% near misses, 20% first aid, 25% injuries, 5% property damage, 2% environment, 2% traffic, 1% fire;
- the narrative: half Chinese (templates per GB 6441 category), half English (real OSHA 2015 narratives), from
  `benchmarks/narratives.py`; the category is the template's (English ones: one drawn at random); 40% of the
  near misses have none; an agent from 180 names, 20% none;
- the hour: 30% at night (00–07), 45% by day, 25% in the middle shift; the shift follows;
- injuries: 60% recordable, 3% serious; one person involved per injury and first aid (body part, age, months in
  the job, a position); a cause factor for 30% of the incidents; an action for 1% (open, verified, cancelled);
- man-hours per workshop and month (ten years: about 120,000 rows at 1,000 workshops);
- planted in the leader's branch: 24 hand injuries at "Press line 3" in one workshop, at night, over two years.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal

from benchmarks.cases.hazards import _indexes_dropped
from benchmarks.harness import Case, Context, RowWriter, Suite, register

PER_PERSON = 2
DAYS = 3650
BATCH = 20_000
KINDS = (
    ["near_miss"] * 45
    + ["first_aid"] * 20
    + ["injury"] * 25
    + ["property"] * 5
    + ["environment"] * 2
    + ["traffic"] * 2
    + ["fire"]
)
CATEGORIES = ["01", "02", "03", "04", "05", "07", "08", "09", "10", "18", "19", "20"]
BODY = ["hand", "finger", "head", "eye", "foot", "leg", "back", "arm", "knee", "wrist", "face", "multiple"]
FACTORS = ["people", "machine", "material", "method", "environment", "management"]
AGENTS = [
    f"{kind} {n}"
    for kind in (
        "Press",
        "Forklift",
        "Crane",
        "Conveyor",
        "Lathe",
        "Ladder",
        "Scaffold",
        "Grinder",
        "Mixer",
        "Truck",
        "Saw",
        "Drill",
    )
    for n in range(1, 16)
]


def _shift(hour: int) -> str:
    return "night" if hour < 8 else "day" if hour < 16 else "middle"


def build(ctx: Context) -> str:
    from zoneinfo import ZoneInfo

    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone

    from benchmarks.narratives import chinese_narrative, english_narrative, osha_narratives
    from zeroharm.actions.models import ActionItem
    from zeroharm.analytics.monthly import count_months
    from zeroharm.incidents.models import Cause, Incident, InvolvedPerson
    from zeroharm.org.models import ManHours, OrgUnit

    rng = ctx.rng
    zone = ZoneInfo(settings.TIME_ZONE)
    now = timezone.now()
    today = timezone.localdate()
    pool = osha_narratives()
    units = ctx.data["units"]
    teams = [t.pk for t in ctx.data["teams"]]
    workshops = [u for u in units if u.depth == 3]
    branches = [u.pk for u in units if u.depth == 2]
    positions = [p.pk for p in ctx.data.get("positions", [])] or [None]
    owner = ctx.ids["person"]
    admin = ctx.users["admin"].pk
    incident_type = ContentType.objects.get_for_model(Incident).pk
    count = ctx.people * PER_PERSON
    # The planted cluster: a workshop of the leader's branch.
    branch_path = OrgUnit.objects.get(pk=ctx.ids["branch"]).path
    press_workshop = next(u for u in workshops if u.path.startswith(branch_path))
    ctx.ids["press_workshop"] = press_workshop.pk

    with (
        transaction.atomic(),
        connection.cursor() as cursor,
        _indexes_dropped(cursor, Incident._meta.db_table),
        _indexes_dropped(cursor, InvolvedPerson._meta.db_table),
        _indexes_dropped(cursor, Cause._meta.db_table),
    ):
        incidents = RowWriter(cursor, Incident, now, with_pk=True)
        people = RowWriter(cursor, InvolvedPerson, now, with_pk=True)
        causes = RowWriter(cursor, Cause, now)
        actions = RowWriter(cursor, ActionItem, now)
        hours = RowWriter(cursor, ManHours, now)
        pk = Incident.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        person_pk = InvolvedPerson.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        planted = [(today - datetime.timedelta(days=30 * i + rng.randint(0, 20)), i) for i in range(24)]
        # Parents before children: a child row whose incident is not in yet is a pending (deferred) foreign-key
        # violation, and while one is pending SQLite scans the child tables on every incident inserted.
        writers = (incidents, people, causes, actions, hours)
        for i in range(count + len(planted)):
            if len(incidents.batch) >= BATCH:
                for writer in writers:
                    writer.flush()
            pk += 1
            if i < count:
                pick = rng.random()
                unit = (
                    rng.choice(teams)
                    if pick < 0.90 or not workshops
                    else rng.choice(workshops).pk
                    if pick < 0.98 or not branches
                    else rng.choice(branches)
                )
                day = today - datetime.timedelta(days=rng.randrange(DAYS))
                r = rng.random()
                hour = rng.randint(0, 7) if r < 0.30 else rng.randint(8, 15) if r < 0.75 else rng.randint(16, 23)
                kind = rng.choice(KINDS)
                if i % 2:
                    description, category = chinese_narrative(rng)
                else:
                    description, category = english_narrative(rng, pool), rng.choice(CATEGORIES)
                if kind == "near_miss" and rng.random() < 0.4:
                    category = ""
                agent = rng.choice(AGENTS) if rng.random() < 0.8 else ""
                body = rng.choice(BODY)
            else:  # the planted press line
                day, _n = planted[i - count]
                unit, hour, kind, category, agent, body = press_workshop.pk, 2, "injury", "03", "Press line 3", "hand"
                description = "Operator's hand caught by the ram of press line 3 while clearing a jammed part at night"
            hurt = kind in ("injury", "first_aid", "illness")
            recordable = kind == "injury" and rng.random() < 0.6
            serious = recordable and rng.random() < 0.05
            occurred = datetime.datetime.combine(day, datetime.time(hour, rng.randint(0, 59)), tzinfo=zone)
            incidents.add(
                {
                    "id": pk,
                    "kind": kind,
                    "unit_id": unit,
                    "occurred_at": occurred,
                    "description": description,
                    "category": category,
                    "shift": _shift(hour),
                    "agent": agent,
                    "state": "closed" if day < today - datetime.timedelta(days=60) else "investigating",
                    "recordable_cases": int(recordable),
                    "serious_injuries": int(serious),
                    "minor_injuries": int(kind == "injury" and not serious),
                    "location": f"位置{pk % 97}",
                }
            )
            if hurt:
                person_pk += 1
                people.add(
                    {
                        "id": person_pk,
                        "incident_id": pk,
                        "role": "employee",
                        "name": f"Worker {pk}",
                        "body_part": body,
                        "age": rng.randint(18, 62),
                        "tenure_months": int(rng.expovariate(1 / 40)),
                        "position_id": rng.choice(positions),
                        "outcome": "lost_time" if serious else "medical" if recordable else "first_aid",
                        "recordable": recordable,
                        "on_osha_log": recordable,
                        "injury_class": "serious" if serious else "minor" if kind == "injury" else "",
                        "treatments": [],
                    }
                )
            if rng.random() < 0.3:
                causes.add(
                    {
                        "incident_id": pk,
                        "level": "direct",
                        "factor": rng.choice(FACTORS),
                        "cause_type": "condition",
                        "description": "Cause",
                    }
                )
            if rng.random() < 0.01:
                status = rng.choice(
                    [
                        "open",
                        "open",
                        "open",
                        "verified",
                        "verified",
                        "verified",
                        "verified",
                        "verified",
                        "verified",
                        "cancelled",
                    ]
                )
                actions.add(
                    {
                        "unit_id": unit,
                        "title": f"Measure for INC-{pk:06d}",
                        "owner_id": owner,
                        "due_date": day + datetime.timedelta(days=30),
                        "status": status,
                        "kind": "corrective",
                        "source_type_id": incident_type,
                        "source_id": pk,
                        "verified_at": occurred + datetime.timedelta(days=40) if status == "verified" else None,
                        "verified_by_id": admin if status == "verified" else None,
                    }
                )
        first_month = (today - datetime.timedelta(days=DAYS)).replace(day=1)
        for workshop in workshops:
            month = first_month
            base = rng.randint(15_000, 40_000)
            while month <= today:
                hours.add(
                    {
                        "unit_id": workshop.pk,
                        "month": month,
                        "hours": Decimal(base + rng.randint(-2000, 2000)),
                        "average_headcount": Decimal(base // 170),
                    }
                )
                month = (month + datetime.timedelta(days=32)).replace(day=1)
                if len(hours.batch) >= BATCH:
                    hours.flush()
        for writer in writers:
            writer.flush()
    ctx.ids["incident"] = pk  # the last planted one: its detail page looks up similar narratives
    # The rows went in past the signals, as an import from an older version would: the worker's scan counts the
    # analysis' months (analytics.monthly), as it would after such an upgrade.
    months, kept = count_months()
    return (
        f"analytics: {incidents.count:,} incidents, {people.count:,} people involved, {causes.count:,} causes, "
        f"{actions.count:,} actions, {hours.count:,} man-hours rows; {months} months counted ({kept:,} kept rows)"
    )


def _page(path: str, unit: str, query: str = "") -> Callable[[Context], str]:
    return lambda ctx: f"{path}?unit={ctx.ids[unit]}{query}"


TEN_YEARS = "&years=10"
BREAKDOWNS = 'id="by-category"'  # only a page with incidents has it

register(
    Suite(
        name="analytics",
        order=40,
        build=build,
        cases=[
            Case(
                "analysis breakdowns: group, 2 years",
                _page("/analytics/", "group"),
                "admin",
                expect=lambda ctx: BREAKDOWNS,
            ),
            Case(
                "analysis breakdowns: group, 10 years",
                _page("/analytics/", "group", TEN_YEARS),
                "admin",
                expect=lambda ctx: BREAKDOWNS,
            ),
            Case(
                "analysis breakdowns: branch, 2 years",
                _page("/analytics/", "branch"),
                "leader",
                expect=lambda ctx: BREAKDOWNS,
            ),
            Case(
                "analysis control charts: group, 2 years",
                _page("/analytics/control-charts/", "group"),
                "admin",
                expect=lambda ctx: 'id="control-table"',
            ),
            Case(
                "analysis control charts: group, 10 years",
                _page("/analytics/control-charts/", "group", TEN_YEARS),
                "admin",
                expect=lambda ctx: 'id="control-table"',
            ),
            Case(
                "analysis control charts: branch, 2 years",
                _page("/analytics/control-charts/", "branch"),
                "leader",
                expect=lambda ctx: 'id="control-table"',
            ),
            Case(
                "analysis pyramid: group, 2 years",
                _page("/analytics/pyramid/", "group"),
                "admin",
                expect=lambda ctx: 'id="pyramid-table"',
            ),
            Case(
                "analysis repeated accidents: group, 2 years",
                _page("/analytics/repeated/", "group"),
                "admin",
                expect=lambda ctx: "Press line 3",
            ),
            Case(
                "analysis repeated accidents: branch, 2 years",
                _page("/analytics/repeated/", "branch"),
                "leader",
                expect=lambda ctx: "Press line 3",
            ),
            Case("analysis report PDF: branch, 2 years", _page("/analytics/report.pdf", "branch"), "leader"),
            Case("analysis report PDF: group, 2 years", _page("/analytics/report.pdf", "group"), "admin"),
            Case(
                "analysis: incident page with similar incidents",
                lambda ctx: f"/incidents/{ctx.ids['incident']}/",
                "admin",
                expect=lambda ctx: "Similar past incidents",
            ),
        ],
    )
)

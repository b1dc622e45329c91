"""The planted incident set of the analysis tests: clusters, rising falls, steady units, their dates and man-hours."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

D = datetime.date

START, END = D(2024, 11, 1), D(2026, 10, 31)

MONTHS = [D(2024 + (10 + i) // 12, (10 + i) % 12 + 1, 1) for i in range(24)]

PRESS_DATES = [
    D(2025, 1, 10),
    D(2025, 2, 14),
    D(2025, 3, 20),
    D(2025, 5, 5),
    D(2025, 9, 1),
    D(2025, 10, 12),
    D(2025, 12, 3),
    D(2026, 2, 20),
    D(2026, 4, 15),
]

PRESS_NIGHT = {0, 1, 3, 4, 6, 8}

PRESS_FINGER = {2, 5}

PRESS_NEW = {0, 1, 3, 4, 6, 7}  # under 6 months in the job

FALLS = [1] * 12 + [1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6]

STEADY = [2, 3, 1, 2, 2, 3, 1, 2, 2, 3, 1, 2] * 2

PRESS_TEXT = [
    "Operator's left hand caught between the die and the ram of press line 3 while clearing a jammed part",
    "Right hand crushed at press line 3 when the ram came down during a die change",
    "Finger cut by the die of press line 3 while removing scrap by hand",
    "Hand caught in press line 3, the light curtain had been bypassed to clear a jam",
    "Operator reached into press line 3 to clear a jammed part, hand caught by the ram",
    "Finger pinched at press line 3 feeding a blank by hand",
    "Left hand crushed by the ram of press line 3 while clearing a jam at night",
    "冲压线3号清理卡料时左手被上模压伤",
    "Hand caught by the ram of press line 3 while clearing a jammed part, guard removed",
]


def at(day: datetime.date, hh: int = 10, mm: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hh, mm)))


def make_incident(
    unit,
    when,
    *,
    kind="injury",
    category="",
    agent="",
    shift="",
    description="Something happened",
    recordable=0,
    serious=0,
    minor=0,
    people=(),
    factors=(),
):
    from zeroharm.incidents.models import Cause, Incident, InvolvedPerson

    incident = Incident.objects.create(
        kind=kind,
        unit=unit,
        occurred_at=when,
        description=description,
        category=category,
        agent=agent,
        shift=shift,
        recordable_cases=recordable,
        serious_injuries=serious,
        minor_injuries=minor,
    )
    for person in people:
        InvolvedPerson.objects.create(incident=incident, name="Worker", outcome="medical", **person)
    for factor in factors:
        Cause.objects.create(
            incident=incident, level="direct", factor=factor, cause_type="condition", description=f"Cause ({factor})"
        )
    return incident


def set_hours(unit, months, hours=Decimal("200000")):
    from zeroharm.org.models import ManHours

    for month in months:
        ManHours.objects.update_or_create(
            unit=unit, month=month, defaults={"hours": hours, "average_headcount": Decimal("100")}
        )


class Planted:
    def __init__(self, world):
        from zeroharm.actions.models import ActionItem

        u = world.unit
        self.world = world
        set_hours(u("A1a"), MONTHS)
        set_hours(u("A2"), MONTHS)
        set_hours(u("B1a"), MONTHS)
        self.press = []
        for i, day in enumerate(PRESS_DATES):
            night = i in PRESS_NIGHT
            self.press.append(
                make_incident(
                    u("A1b" if i in (1, 5) else "A1a"),
                    at(day, 2 if night else 10, 30 if night else 0),
                    category="03",
                    agent="Press line 3",
                    shift="night" if night else "day",
                    description=PRESS_TEXT[i],
                    recordable=1,
                    minor=1,
                    factors=["machine", "people"] if i % 2 else ["machine"],
                    people=[
                        {
                            "body_part": "finger" if i in PRESS_FINGER else "hand",
                            "tenure_months": 2 if i in PRESS_NEW else 30,
                            "age": 22 if i in PRESS_NEW else 41,
                            "position": world.position,
                        }
                    ],
                )
            )
        self.falls = []
        for m, count in zip(MONTHS, FALLS, strict=True):
            for k in range(count):
                self.falls.append(
                    make_incident(
                        u("B1a"),
                        at(m.replace(day=3 + 4 * k), 14),
                        category="09",
                        agent=["Scaffold", "Ladder", "Roof edge", "Platform"][k % 4],
                        shift="day",
                        description=f"Fell from the {['scaffold', 'ladder', 'roof edge', 'platform'][k % 4]} "
                        f"while fixing a beam (fall {len(self.falls) + 1})",
                        recordable=1,
                        serious=1 if len(self.falls) in (20, 40) else 0,
                        minor=0 if len(self.falls) in (20, 40) else 1,
                        people=[{"body_part": "leg", "tenure_months": 60, "age": 45}],
                        factors=["method"],
                    )
                )
        self.steady = []
        for m, count in zip(MONTHS, STEADY, strict=True):
            for k in range(count):
                self.steady.append(
                    make_incident(
                        u("A2"),
                        at(m.replace(day=5 + 7 * k), 15),
                        category="01",
                        agent=["Forklift load", "Shelf", "Crate"][k % 3],
                        shift="middle",
                        description=f"Struck by a falling {['load', 'box', 'crate'][k % 3]} in the warehouse, aisle "
                        f"{len(self.steady) % 17}",
                        recordable=1,
                        serious=1 if len(self.steady) == 10 else 0,
                        minor=0 if len(self.steady) == 10 else 1,
                        people=[{"body_part": "head", "tenure_months": 80, "age": 50}],
                    )
                )
        self.near_a2 = [
            make_incident(
                u("A2"),
                at(MONTHS[i % 24].replace(day=20), 9),
                kind="near_miss",
                description=f"Near miss {i}: pallet nearly fell",
            )
            for i in range(30)
        ]
        self.near_b = [
            make_incident(
                u("B1a"), at(MONTHS[i * 5].replace(day=25), 11), kind="near_miss", description=f"Near miss in B {i}"
            )
            for i in range(3)
        ]
        # Measures of the press line: one verified on 1 June 2025, one still open on the last incident.
        incident_type = ContentType.objects.get(app_label="incidents", model="incident")
        admin = world.users["admin"]
        self.verified_action = ActionItem.objects.create(
            unit=u("A1"),
            title="Fit an interlocked guard on press line 3",
            owner=world.people["A1"],
            due_date=D(2025, 6, 1),
            status="verified",
            verified_at=at(D(2025, 6, 1), 12),
            verified_by=admin,
            created_by=admin,
            source_type=incident_type,
            source_id=self.press[3].pk,
        )
        self.open_action = ActionItem.objects.create(
            unit=u("A1"),
            title="Retrain the night shift on lock-out before clearing jams",
            owner=world.people["A1"],
            due_date=D(2026, 6, 1),
            status="open",
            created_by=admin,
            source_type=incident_type,
            source_id=self.press[8].pk,
        )


def admin(world):
    return world.users["admin"]


def when(days_ago: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days_ago)


# Narratives of falls and of objects striking people, for the similar-incident and cluster tests.
FALL_TEXT = [
    "Worker fell from the scaffold while fixing a beam on the third level",
    "Fell from a ladder while changing a lamp in the warehouse",
    "Slipped off the roof edge while repairing the gutter and fell to the ground",
    "Fell from the platform when the guard rail gave way",
    "Scaffold board broke and the worker fell two metres",
    "从脚手架上坠落，腿部骨折",
    "攀爬梯子时失足坠落",
]
STRIKE_TEXT = [
    "Struck on the head by a box falling from the top shelf",
    "A crate fell from the forklift load and struck the picker's shoulder",
    "Struck by a pallet sliding off the rack in aisle 4",
    "Steel pipe rolled off the stack and hit the worker's foot",
    "货架上的纸箱掉落砸中头部",
]


def worker() -> str:
    """The worker's job, as `analytics.tasks.refresh_narratives` runs it."""
    from zeroharm.analytics import similarity

    return similarity.refresh()


def grow(world, planted):
    """Double the incidents (another year's worth of each planted kind) without new units."""
    for incident in [*planted.press, *planted.falls[:20], *planted.steady[:20], *planted.near_a2[:10]]:
        make_incident(
            incident.unit,
            at(incident.occurred_at.date().replace(day=27), 4),
            kind=incident.kind,
            category=incident.category,
            agent=incident.agent,
            shift=incident.shift,
            description=incident.description,
            recordable=incident.recordable_cases,
            people=[{"body_part": "arm", "tenure_months": 7, "age": 33}],
            factors=["environment"],
        )

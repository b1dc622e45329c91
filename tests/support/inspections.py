"""Shared fixture of the inspections tests: a checklist per branch and at the group, points, schedules, inspections.

G: checklist "Group fire check" (3 items)
A1a: checklist CL-A1a, point IP-A1a (at risk point RP-A1a), weekly schedule for worker_a1a's person,
     a planned inspection due today (worker's), a done one
B1a: the same for branch B (assigned to B1a's person)
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass

import pytest
from django.utils import timezone

ITEMS = [
    ("Extinguishers charged?", "Gauge in the green", "GB 50444-2008"),
    ("Exits clear?", "Walk the route", "Fire Law art. 28"),
    ("Alarm panel normal?", "", ""),
]


@dataclass
class Insp:
    checklists: dict
    points: dict
    schedules: dict
    planned: dict
    done: dict
    group_checklist: object


def jpeg_bytes(color=(200, 30, 30), exif: bool = True) -> bytes:
    from PIL import Image

    image = Image.new("RGB", (64, 48), color)
    out = io.BytesIO()
    if exif:
        data = Image.Exif()
        data[0x0110] = "SecretPhone 9"  # camera model
        image.save(out, format="JPEG", exif=data)
    else:
        image.save(out, format="JPEG")
    return out.getvalue()


def make_checklist(unit, name, user, items=ITEMS):
    from zeroharm.inspections.services import ItemData, checklist_save

    return checklist_save(
        acting_user=user, data={"unit": unit, "name": name, "description": ""}, items=[ItemData(*i) for i in items]
    )


@pytest.fixture
def insp(world) -> Insp:
    from zeroharm.inspections.models import Inspection, InspectionPoint, InspectionStatus, Schedule

    admin = world.users["admin"]
    today = timezone.localdate()
    group = make_checklist(world.unit("G"), "Group fire check", admin)
    checklists, points, schedules, planned, done = {}, {}, {}, {}, {}
    for code in ("A1a", "B1a"):
        unit = world.unit(code)
        checklists[code] = make_checklist(unit, f"CL-{code}", admin)
        points[code] = InspectionPoint.objects.create(
            unit=unit,
            code=f"IP-{code}",
            name=f"Point {code}",
            location=f"Hall of {code}",
            checklist=checklists[code],
            risk_point=world.risk_points[code],
        )
        schedules[code] = Schedule.objects.create(
            unit=unit,
            checklist=checklists[code],
            point=points[code],
            frequency="weekly",
            assignee=world.people[code],
            starts_on=today - datetime.timedelta(days=14),
            grace_days=1,
        )
        version = checklists[code].current_version
        planned[code] = Inspection.objects.create(
            unit=unit,
            schedule=schedules[code],
            point=points[code],
            checklist_version=version,
            assignee=world.people[code],
            due_date=today,
        )
        done[code] = Inspection.objects.create(
            unit=unit,
            schedule=schedules[code],
            point=points[code],
            checklist_version=version,
            assignee=world.people[code],
            due_date=today - datetime.timedelta(days=7),
            status=InspectionStatus.DONE,
            done_at=timezone.now(),
            done_by=admin,
        )
    return Insp(checklists, points, schedules, planned, done, group)

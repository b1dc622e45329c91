"""The pledge read to every team: most staff have no login, so each unit's leader reads the pledge at a team meeting
in the first days of the month, everyone present signs the paper sheet, and the leader records it through the same
service as the page (campaigns.services.pledge.pledge_record_sheet), with a photo now and then. People with a login
sign on their phones instead (campaigns.py), so they are not on a sheet; a few are away on the day."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.core.files.base import ContentFile

from zeroharm.demo.context import DEMO_PASSWORD, Demo

__all__ = ["plan_sheets"]


def _recorders(campaign) -> dict[str, object]:
    """{unit path: the user who records its sheet}: the nearest leader over the unit (the deepest assignment above
    or at it) of a role that may change campaigns."""
    from zeroharm.accounts.models import RoleAssignment
    from zeroharm.core.roles import Action, allowed_reach

    assignments = [
        a
        for a in RoleAssignment.objects.filter(user__is_active=True, unit__path__startswith=campaign.unit.path)
        .select_related("unit", "user")
        .order_by("-unit__depth", "id")
        if allowed_reach(a.role, "campaigns", Action.CHANGE) is not None
    ]
    from zeroharm.org.models import OrgUnit

    found = {}
    for unit in OrgUnit.objects.filter(path__startswith=campaign.unit.path):
        nearest = next((a for a in assignments if unit.path.startswith(a.unit.path)), None)
        if nearest is not None:
            found[unit.path] = nearest.user
    return found


def _without_login(campaign) -> dict:
    """{unit: [people]} of the active people of the campaign's scope who have no login, in a stable order."""
    from zeroharm.org.models import Person

    people = Person.objects.filter(
        unit__path__startswith=campaign.unit.path, status="active", is_archived=False, user__isnull=True
    ).select_related("unit")
    by_unit = defaultdict(list)
    for person in people.order_by("unit__path", "employee_no"):
        by_unit[person.unit].append(person)
    return by_unit


def plan_sheets(demo: Demo, data: dict, first: datetime.date, made: dict) -> None:
    """Each unit's sheet on a day of the first fortnight, after the day's shift meeting."""
    spec, campaign = data["sheets"], made["campaign"]
    rng = demo.rng("campaign-sheets")
    recorders = _recorders(campaign)
    for n, (unit, people) in enumerate(_without_login(campaign).items()):
        user = recorders.get(unit.path)
        if user is None:
            continue
        present = [person for person in people if rng.random() >= spec["away"]]
        day = first + datetime.timedelta(days=rng.randint(*spec["days"]))
        with_photo = n % spec["photo_every"] == 0
        moment = demo.at(rng, day, 15, 17)
        demo.timeline.at(moment, lambda u=unit, p=present, d=day, r=user, f=with_photo: _record(made, u, p, d, r, f))


def _record(made: dict, unit, people: list, day: datetime.date, user, with_photo: bool) -> None:
    from zeroharm.campaigns.services.pledge import pledge_record_sheet
    from zeroharm.demo.pictures import photo

    if not people:
        return
    picture = ContentFile(photo("倡议书签名", "before", len(people)), name="sheet.jpg") if with_photo else None
    pledge_record_sheet(
        campaign=made["campaign"],
        unit=unit,
        people=people,
        read_on=day,
        acting_user=user,
        password=DEMO_PASSWORD,
        photo=picture,
    )
    made["on_sheets"] += len(people)

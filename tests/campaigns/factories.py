"""Campaigns for tests, made through the services the pages use: a running Safety Month of branch A (or the group)
with a task issued to its workshops and a published pledge."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
START, END = datetime.date(2026, 6, 1), datetime.date(2026, 6, 30)


def pdf(name="evidence.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def campaign(world, *, code="A", by="leader_a", name="Safety Month 2026", start=START, end=END, running=True):
    from zeroharm.campaigns.services.campaigns import campaign_create, campaign_start

    data = {"name": name, "unit": world.unit(code), "starts_on": start, "ends_on": end, "objectives": "Zero accidents"}
    made = campaign_create(data=data, acting_user=world.users[by])
    if running:
        made = campaign_start(campaign=made, acting_user=world.users[by], expected_version=made.version)
    return made


def task(
    world,
    made,
    *,
    codes=("A1", "A2"),
    by="leader_a",
    evidence="file",
    title="Hold an emergency drill",
    deadline=END,
    **kw,
):
    from zeroharm.campaigns.services.tasks import task_issue

    data = {"title": title, "description": "Every workshop drills", "deadline": deadline, "evidence_kind": evidence}
    units = [world.unit(c) for c in codes]
    return task_issue(campaign=made, data=data, acting_user=world.users[by], units=units, **kw)


def assignment(made_task, world, code="A1"):
    return made_task.assignments.get(unit=world.unit(code))


def submitted(world, made_task, code="A1", by="director_a1"):
    from zeroharm.campaigns.services.tasks import task_submit

    item = assignment(made_task, world, code)
    return task_submit(assignment=item, acting_user=world.users[by], expected_version=item.version, upload=pdf())


def published(world, made, *, by="leader_a", text="We pledge to find the hidden dangers around us."):
    from zeroharm.campaigns.services.campaigns import pledge_publish

    return pledge_publish(campaign=made, text=text, acting_user=world.users[by], expected_version=made.version)


# The records of the kinds a task may cite (core.evidence), one of `code`'s unit: of the kind that counts (a session
# held, an inspection done and signed off, a drill), or not (`counts=False`: planned, planned, a contest).
EVIDENCE_KINDS = ("training.session", "inspections.inspection", "campaigns.drill")


def evidence_record(world, key, code, *, counts=True):
    return {"training.session": _session, "inspections.inspection": _inspection, "campaigns.drill": _activity}[key](
        world, code, counts
    )


def _session(world, code, counts):
    from tests.factories import at
    from tests.training.factories import course, session

    made = course(world, code=f"C-{code}-{'H' if counts else 'P'}", unit=code)
    return session(world, made, unit=code, starts_at=at(2026, 6, 10), status="held" if counts else "planned")


def _inspection(world, code, counts):
    from tests.factories import at
    from tests.support.inspections import make_checklist
    from zeroharm.inspections.models import Inspection, InspectionStatus

    checklist = make_checklist(
        world.unit(code), f"Fire check {code}" if counts else f"Planned check {code}", world.users["admin"]
    )
    done = {"status": InspectionStatus.DONE, "done_at": at(2026, 6, 12), "signed_name": "Inspector Wang"}
    return Inspection.objects.create(
        unit=world.unit(code), checklist_version=checklist.current_version, due_date=START, **(done if counts else {})
    )


def _activity(world, code, counts):
    from zeroharm.campaigns.models import Campaign
    from zeroharm.campaigns.services.activities import activity_record

    branch = code[0]
    made = Campaign.objects.filter(unit=world.unit(branch)).first() or campaign(
        world, code=branch, by=f"leader_{branch.lower()}", name=f"Safety Month {branch}"
    )
    data = {
        "unit": world.unit(code),
        "kind": "drill" if counts else "contest",
        "title": f"Fire drill at {code}" if counts else f"Quiz at {code}",
        "held_on": START,
        "participants": 40,
    }
    return activity_record(campaign=made, data=data, acting_user=world.users[f"leader_{branch.lower()}"])

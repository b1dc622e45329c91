"""What the units do in the demo's Safety Production Month (demo/campaigns.py): each workshop's task submitted with
its evidence by the nearest person entitled, accepted or returned by the group's safety department (data: the shares
of each outcome), and the activities held at the group, in every branch and in every workshop, some with photos."""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile

from zeroharm.demo.context import CHANGERS, Demo, Staff
from zeroharm.demo.data import load

__all__ = ["UnitWork", "EVIDENCE_PDF"]

# A one-page PDF standing in for a drill record: its signature is all the upload checks read.
EVIDENCE_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class UnitWork:
    def __init__(self, demo: Demo, data: dict, first: datetime.date, made: dict):
        self.demo, self.data, self.first, self.made = demo, data, first, made
        self.rng = demo.rng("campaign-units")
        self.staff = Staff(demo, self.rng, [(p[1], p[2], p[3]) for p in load("org")["personas"]])
        self.safety = demo.users["safety"]

    def _at(self, day: datetime.date, lo: int = 9, hi: int = 17) -> datetime.datetime:
        return self.demo.at(self.rng, day, lo, hi)

    def _outcome(self) -> str:
        shares = self.data["outcomes"]
        return self.rng.choices(list(shares), list(shares.values()))[0]

    def plan_task(self, task) -> None:
        """One life per workshop's assignment, from its submission to its acceptance (or none)."""
        for assignment in task.assignments.select_related("unit").order_by("unit__path"):
            outcome = self._outcome()
            if outcome != "missed":
                self.demo.timeline.add(self._life(assignment, task, outcome))

    def _life(self, assignment, task, outcome: str):
        from zeroharm.campaigns.services.tasks import task_accept, task_return, task_submit

        submitter = self.staff.pick(assignment.unit, CHANGERS)
        day = task.deadline - datetime.timedelta(days=self.rng.randint(1, 8))
        yield self._at(max(day, self.first + datetime.timedelta(days=1)))
        assignment = task_submit(
            assignment=assignment, acting_user=submitter, expected_version=assignment.version, **self._evidence(task)
        )
        if outcome == "submitted":
            return
        yield self.demo.later(self.rng, self._now(), 1)
        if outcome == "returned":
            reason = self.data["return_reason"]
            assignment = task_return(
                assignment=assignment, acting_user=self.safety, expected_version=assignment.version, reason=reason
            )
            yield self.demo.later(self.rng, self._now(), 2)
            evidence = self._evidence(task)
            assignment = task_submit(
                assignment=assignment, acting_user=submitter, expected_version=assignment.version, **evidence
            )
            yield self.demo.later(self.rng, self._now(), 1)
        task_accept(assignment=assignment, acting_user=self.safety, expected_version=assignment.version)

    @staticmethod
    def _now() -> datetime.datetime:
        from django.utils import timezone

        return timezone.now()

    def _evidence(self, task) -> dict:
        if task.wants_file:
            return {"upload": ContentFile(EVIDENCE_PDF, name="演练记录.pdf"), "note": "演练记录及现场照片见附件。"}
        return {"count": self.rng.randint(12, 60), "note": "车间汇总。"}

    def plan_activities(self) -> None:
        """The activities of data/campaigns.yaml at the group, in each branch or each workshop, and the drills."""
        root = self.demo.units[self.demo.root]
        levels = {
            "group": [root],
            "branch": self.demo.of_kind("branch"),
            "workshop": self.demo.of_kind("workshop"),
        }
        for kind, title, day, participants, level in self.data["activities"]:
            units = levels[level]
            if kind == "drill":
                units = [u for u in units if self.rng.random() < self.data["drill_share"]]
            for unit in units:
                held = self.first + datetime.timedelta(days=min(day + self.rng.randint(0, 4), 29))
                people = participants or self._headcount(unit)
                spec = {"kind": kind, "title": title, "held_on": held, "participants": people + self.rng.randint(0, 9)}
                self.demo.timeline.at(self._at(held, 15, 18), lambda unit=unit, spec=spec: self._activity(unit, spec))

    def _headcount(self, unit) -> int:
        """The active people of the unit's subtree: a hidden-danger hunt is everyone's."""
        units = [u.pk for u in self.demo.units.values() if u.path.startswith(unit.path)]
        return sum(len(self.staff.members.get(pk, ())) for pk in units) or 20

    def _activity(self, unit, spec: dict) -> None:
        from zeroharm.campaigns.services.activities import activity_record
        from zeroharm.demo.pictures import photo

        recorder = self.safety if unit.depth == 1 else self.staff.pick(unit, CHANGERS)
        photos = (
            [ContentFile(photo(spec["title"][:6], "after", unit.pk), name="activity.jpg")]
            if spec["kind"] == "drill"
            else []
        )
        activity_record(
            campaign=self.made["campaign"],
            data={**spec, "unit": unit, "description": f"{unit.name}{spec['title']}。"},
            acting_user=recorder,
            photos=photos,
        )

"""States of a campaign and of a task issued to a unit, the evidence a task asks for, and committee roles."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

__all__ = [
    "State",
    "TaskState",
    "OPEN_TASK_STATES",
    "CommitteeRole",
    "ActivityKind",
    "EVIDENCE_FILE",
    "EVIDENCE_COUNT",
    "REMIND_DAYS",
]


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    RUNNING = "running", _("Running")
    # A campaign ends; "Closed" alone is a hidden danger's 销号 (written off), which a campaign is not.
    CLOSED = "closed", pgettext_lazy("campaign state", "Closed")


class TaskState(models.TextChoices):
    ISSUED = "issued", _("Issued, to do")
    SUBMITTED = "submitted", _("Submitted, to accept")
    RETURNED = "returned", _("Returned, to do again")
    ACCEPTED = "accepted", _("Accepted")


# A unit's task still to do: its deadline is the unit's (reminded, escalated, overdue); submitted, it is the issuer's.
OPEN_TASK_STATES = (TaskState.ISSUED, TaskState.RETURNED)


class CommitteeRole(models.TextChoices):
    DIRECTOR = "director", _("Director")
    DEPUTY = "deputy", _("Deputy director")
    MEMBER = "member", _("Member")
    SECRETARY = "secretary", _("Office secretary")


# A task asks for a file, for a count (hidden dangers found, people trained…), or for a record of another domain
# cited through core.evidence (its kind's key: "training.session", "inspections.inspection"…).
EVIDENCE_FILE = "file"
EVIDENCE_COUNT = "count"
# A unit is reminded this many days before a task's deadline (the scan); after it, the unit above is told.
REMIND_DAYS = 3


class ActivityKind(models.TextChoices):
    """The activities a Safety Month notice names (STANDARDS §15.6)."""

    CONTEST = "contest", _("Knowledge contest")
    CONSULTATION = "consultation", _("Consultation day")
    DRILL = "drill", _("Emergency drill")
    HAZARD_HUNT = "hazard_hunt", _("Hidden-danger hunt")
    LECTURE = "lecture", _("Lecture or study session")
    DISCUSSION = "discussion", _("Safety discussion")
    CASE_FILM = "case_film", _("Warning-education film or case study")
    OTHER = "other", _("Other activity")

"""Tasks down the tree: issued by the campaign's organisers to chosen units under its scope (or every unit of a
level), submitted by each unit with the evidence the task asks for, accepted or returned with a reason by the issuer
side. A task is never accepted without its evidence. Steps lock the row and check its version."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from zeroharm.campaigns.choices import EVIDENCE_COUNT, EVIDENCE_FILE, State, TaskState
from zeroharm.campaigns.models import Campaign, CampaignTask, TaskAssignment
from zeroharm.core.evidence import kinds_cited_by, resolve_evidence
from zeroharm.core.roles import Action
from zeroharm.core.scoping import can, subtree_q
from zeroharm.core.services import record_clean, record_lock, record_step_save
from zeroharm.core.uploads import file_clean
from zeroharm.notifications.services import notify

__all__ = ["evidence_kind_choices", "task_issue", "task_submit", "task_accept", "task_return", "EVENT_ISSUED"]

EVENT_ISSUED = "campaigns.task_issued"
EVENT_SUBMITTED = "campaigns.task_submitted"
EVENT_RETURNED = "campaigns.task_returned"


def evidence_kind_choices() -> list[tuple[str, str]]:
    """What a task may ask for: a file, a count, or a record of a kind the modules register (core.evidence)."""
    kinds = [(key, str(kind.label)) for key, kind in kinds_cited_by("campaigns").items()]
    return [(EVIDENCE_FILE, _("A file (photos, minutes, a report)")), (EVIDENCE_COUNT, _("A count")), *kinds]


def _units_under(campaign: Campaign, units, level: int | None):
    """The units the task goes to: those chosen, or every unit at `level` (a depth) under the scope; never the
    scope unit itself nor a unit outside its subtree."""
    from zeroharm.org.models import OrgUnit

    below = OrgUnit.objects.filter(subtree_q(campaign.unit.path), depth__gt=campaign.unit.depth, is_archived=False)
    if level is not None:
        return list(below.filter(depth=level).order_by("path"))
    chosen = list(below.filter(pk__in=[u.pk for u in units]).order_by("path"))
    if len(chosen) != len({u.pk for u in units}):
        raise ValidationError({"units": _("Issue tasks only to units under the campaign's scope.")})
    return chosen


@transaction.atomic
def task_issue(
    *, campaign: Campaign, data: dict, acting_user, units=(), level: int | None = None, meeting=None
) -> CampaignTask:
    """A task of the campaign issued to units under its scope (a meeting's decision when `meeting` is given); each
    unit's principal person is told."""
    if not can(acting_user, Action.ADD, campaign):
        raise PermissionDenied(_("Your roles do not allow issuing tasks in this campaign."))
    if campaign.state == State.CLOSED:
        raise ValidationError(_("A closed campaign takes no new tasks."))
    if data.get("evidence_kind") not in dict(evidence_kind_choices()):
        raise ValidationError({"evidence_kind": _("Choose the evidence the task needs.")})
    deadline = data.get("deadline")
    if deadline and not (campaign.starts_on <= deadline <= campaign.ends_on):
        raise ValidationError({"deadline": _("The deadline falls within the campaign's period.")})
    targets = _units_under(campaign, units, level)
    if not targets:
        raise ValidationError({"units": _("Choose the units the task is issued to.")})
    if meeting is not None and meeting.campaign_id != campaign.pk:
        raise ValidationError(_("The meeting belongs to another campaign."))
    task = CampaignTask(campaign=campaign, issued_by=acting_user, meeting=meeting, **data)
    record_clean(task)
    task._history_user, task._change_reason = acting_user, gettext_noop("issued")
    task.save()
    for unit in targets:
        assignment = TaskAssignment(task=task, unit=unit)
        assignment._history_user, assignment._change_reason = acting_user, gettext_noop("issued")
        assignment.save()
    leaders = [u.principal_user for u in targets if u.principal_user is not None]
    notify(
        recipients=leaders,
        event=EVENT_ISSUED,
        title=(gettext_noop("Campaign task: %(title)s"), {"title": task.title}),
        body=(gettext_noop("Due %(deadline)s. Submit the evidence it needs."), {"deadline": task.deadline.isoformat()}),
        url=task.get_absolute_url(),
    )
    return task


def _step_check(assignment: TaskAssignment, acting_user, action: str, states, message: str) -> None:
    if not can(acting_user, action, assignment):
        raise PermissionDenied(message)
    if assignment.state not in states:
        raise ValidationError(
            _("This step is not open to a task that is %(state)s.") % {"state": assignment.get_state_display()}
        )


@transaction.atomic
def task_submit(
    *,
    assignment: TaskAssignment,
    acting_user,
    expected_version: int | None,
    note: str = "",
    upload=None,
    count: int | None = None,
    record_id: int | None = None,
) -> TaskAssignment:
    """The unit's evidence: the file, the count or the cited record (among those the user may see, of the unit's
    subtree: a branch officer submitting for a workshop cannot cite another workshop's drill)."""
    assignment = record_lock(assignment, expected_version, related=("task", "unit"))
    _step_check(
        assignment,
        acting_user,
        Action.CHANGE,
        (TaskState.ISSUED, TaskState.RETURNED),
        _("Your roles do not allow submitting this unit's task."),
    )
    task = assignment.task
    if task.wants_file:
        if upload is None and not assignment.evidence_file:
            raise ValidationError({"file": _("This task needs a file as its evidence.")})
        if upload is not None:
            clean = file_clean(upload, field="file")
            assignment.evidence_file, assignment.evidence_file_name = clean.file, clean.original_name[:200]
    elif task.wants_count:
        if count is None:
            raise ValidationError({"count": _("This task needs a count as its evidence.")})
        assignment.evidence_count = count
    else:
        if record_id is None:
            raise ValidationError({"record": _("This task needs a record as its evidence: cite one.")})
        # a record of the unit's subtree, dated within the campaign: last year's drill proves nothing of this one
        period = (task.campaign.starts_on, task.campaign.ends_on)
        [(kind, record)] = resolve_evidence(
            acting_user, [(task.evidence_kind, record_id)], within=assignment.unit, during=period
        )
        assignment.evidence_content_type = ContentType.objects.get_for_model(record)
        assignment.evidence_object_id, assignment.evidence_text = record.pk, str(kind.describe(record))[:500]
    assignment.note, assignment.state, assignment.submitted_at = note.strip(), TaskState.SUBMITTED, timezone.now()
    record_step_save(assignment, acting_user, gettext_noop("submitted"))
    if task.issued_by_id:
        notify(
            recipients=[task.issued_by],
            event=EVENT_SUBMITTED,
            title=(gettext_noop("%(unit)s submitted: %(title)s"), {"unit": assignment.unit.name, "title": task.title}),
            body=(gettext_noop("Accept it or return it with a reason."), {}),
            url=assignment.get_absolute_url(),
        )
    return assignment


def _decide_check(assignment: TaskAssignment, acting_user) -> None:
    """The issuer's side decides: a role that may approve in the campaign's scope unit, not the unit's own."""
    if not can(acting_user, Action.APPROVE, assignment.task.campaign):
        raise PermissionDenied(_("Only the campaign's organisers accept or return a unit's task."))
    if assignment.state != TaskState.SUBMITTED:
        raise ValidationError(
            _("Only a submitted task is accepted or returned; this one is %(state)s.")
            % {"state": assignment.get_state_display()}
        )


@transaction.atomic
def task_accept(*, assignment: TaskAssignment, acting_user, expected_version: int | None) -> TaskAssignment:
    assignment = record_lock(assignment, expected_version, related=("task__campaign__unit",))
    if not assignment.has_evidence:
        raise ValidationError(_("A task is accepted on its evidence, and this one has none."))
    _decide_check(assignment, acting_user)
    assignment.state, assignment.decided_by, assignment.accepted_at = TaskState.ACCEPTED, acting_user, timezone.now()
    return record_step_save(assignment, acting_user, gettext_noop("accepted"))


@transaction.atomic
def task_return(*, assignment: TaskAssignment, acting_user, expected_version: int | None, reason: str):
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the task is returned.")})
    assignment = record_lock(assignment, expected_version, related=("task__campaign__unit",))
    _decide_check(assignment, acting_user)
    assignment.state, assignment.decided_by, assignment.return_reason = (
        TaskState.RETURNED,
        acting_user,
        reason.strip()[:500],
    )
    record_step_save(assignment, acting_user, gettext_noop("returned"))
    leader = assignment.unit.principal_user
    if leader is not None:
        notify(
            recipients=[leader],
            event=EVENT_RETURNED,
            title=(gettext_noop("Campaign task returned: %(title)s"), {"title": assignment.task.title}),
            body=(gettext_noop("Reason: %(reason)s"), {"reason": assignment.return_reason}),
            url=assignment.get_absolute_url(),
        )
    return assignment

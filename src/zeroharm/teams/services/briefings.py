"""The leader's side of the pre-shift briefing: today's briefing drafted from the records, edited, opened for
sign-in (its roster: the team's active members), and closed with the leader's signature into a locked record.

A briefing is drafted once per team, day and shift (the unique constraint makes two leaders opening the page at once
meet the same row). It cannot be closed while anyone on the roster is unaccounted for, or while a fitness "no" waits
for the leader's decision: the signed record's attendance is then the real one (WAVE2_NOTES)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from zeroharm.core.roles import Action
from zeroharm.core.scoping import can, units_for
from zeroharm.core.services import record_lock, record_step_save
from zeroharm.core.signatures import SignatureMeaning, sign
from zeroharm.org.choices import PersonStatus
from zeroharm.org.models import Person
from zeroharm.teams.choices import BriefingStatus, Shift, SignInStatus
from zeroharm.teams.models import Briefing, BriefingAttendance, BriefingClause, BriefingTask
from zeroharm.teams.selectors import briefings as selectors
from zeroharm.teams.selectors.rules import choose_rules
from zeroharm.teams.services.content import briefing_content
from zeroharm.training.selectors import clearance

__all__ = [
    "briefing_today",
    "briefing_draft",
    "briefing_edit",
    "handover_tick",
    "tasks_replace",
    "briefing_open",
    "briefing_close",
    "may_hold",
]

EDITABLE = ("warnings", "carried_over", "carry_on", "notes", "question", "question_options", "question_answer")


def may_hold(user, briefing_or_team) -> None:
    if not can(user, Action.CHANGE, briefing_or_team):
        raise PermissionDenied(_("Only the team's leader and those above may hold its briefing."))


def _starts(team_profile, day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    starts = timezone.make_aware(datetime.datetime.combine(day, team_profile.briefing_time))
    return starts, starts + datetime.timedelta(minutes=team_profile.briefing_minutes)


@transaction.atomic
def briefing_today(*, team, acting_user, day: datetime.date | None = None, shift: str = Shift.DAY) -> Briefing:
    """The team's briefing of the day and shift: the one there is, or a draft prepared from the records."""
    if not units_for(acting_user, Briefing.scope_area, Action.ADD).filter(pk=team.pk).exists():
        raise PermissionDenied(_("Only the team's leader and those above may hold its briefing."))
    day = day or timezone.localdate()
    found = Briefing.objects.filter(team=team, day=day, shift=shift).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return briefing_draft(team, day, shift, acting_user)
    except IntegrityError:  # another leader's page drafted it a moment ago
        return Briefing.objects.get(team=team, day=day, shift=shift)


def briefing_draft(team, day: datetime.date, shift: str, acting_user) -> Briefing:
    """The day's briefing drafted from the records (no scope check: callers check; the scan acts as nobody)."""
    profile = selectors.profile_of(team)
    starts, ends = _starts(profile, day)
    case = selectors.case_for(team, day)
    leader = profile.leader or getattr(acting_user, "person", None)
    briefing = Briefing(
        team=team,
        day=day,
        shift=shift,
        starts_at=starts,
        ends_at=ends,
        leader=leader,
        warnings="\n".join(selectors.warnings_for(team, day)),
        carried_over=selectors.carried_over_for(team, starts),
        case_id=case.pk if case else None,
    )
    briefing._history_user, briefing._change_reason = acting_user, gettext_noop("drafted from the records")
    briefing.save()
    BriefingClause.objects.bulk_create(
        BriefingClause(briefing=briefing, clause=clause, position=n, reason=reason)
        for n, (clause, reason) in enumerate(choose_rules(team, profile, day), start=1)
    )
    return briefing


def _editable(briefing: Briefing) -> None:
    if briefing.status not in (BriefingStatus.DRAFT, BriefingStatus.OPEN, BriefingStatus.MISSED):
        raise ValidationError(_("This briefing is closed and signed: its record is not changed."))


@transaction.atomic
def briefing_edit(*, briefing: Briefing, data: dict, acting_user, expected_version: int | None) -> Briefing:
    """The leader's edits: warnings, carry-overs, notes, the question; a photo through core.uploads first."""
    briefing = record_lock(briefing, expected_version, related=("team",))
    may_hold(acting_user, briefing)
    _editable(briefing)
    for name, value in data.items():
        if name not in (*EDITABLE, "photo"):
            raise ValueError(f"{name} is not edited by the leader")
        setattr(briefing, name, value)
    return record_step_save(briefing, acting_user, gettext_noop("edited"), clean=True)


@transaction.atomic
def handover_tick(*, briefing: Briefing, ticked: dict, acting_user, expected_version: int | None) -> Briefing:
    """What the leader handed over of the team's checklist (交): the items of the checklist in force, ticked or not."""
    briefing = record_lock(briefing, expected_version, related=("team",))
    may_hold(acting_user, briefing)
    _editable(briefing)
    keys = [key for key, _text in selectors.checklist_for(briefing.team)["handover"]]
    briefing.handover = {key: bool(ticked.get(key)) for key in keys}
    return record_step_save(briefing, acting_user, gettext_noop("handover ticked"))


@transaction.atomic
def tasks_replace(*, briefing: Briefing, tasks: list[dict], acting_user, expected_version: int | None) -> Briefing:
    """The day's tasks, all at once: description, risk point, measures and people (members of the team)."""
    briefing = record_lock(briefing, expected_version, related=("team",))
    may_hold(acting_user, briefing)
    _editable(briefing)
    members = set(_members(briefing.team).values_list("pk", flat=True))
    briefing.tasks.all().delete()
    for position, task in enumerate(tasks, start=1):
        if not (task.get("description") or "").strip():
            raise ValidationError(_("Task %(n)s: say what the task is.") % {"n": position})
        strangers = [p for p in task.get("people", []) if p.pk not in members]
        if strangers:
            raise ValidationError(
                _("Task %(n)s: %(name)s is not in this team.") % {"n": position, "name": strangers[0].name}
            )
        row = BriefingTask.objects.create(
            briefing=briefing,
            position=position,
            description=task["description"].strip()[:300],
            risk_point=task.get("risk_point"),
            measures=(task.get("measures") or "").strip(),
        )
        row.people.set(task.get("people", []))
    return record_step_save(briefing, acting_user, gettext_noop("tasks handed over"), update_fields=[])


def _members(team):
    return Person.objects.filter(unit__path__startswith=team.path, status=PersonStatus.ACTIVE, is_archived=False)


@transaction.atomic
def briefing_open(*, briefing: Briefing, acting_user, expected_version: int | None, now=None) -> Briefing:
    """Start the briefing: its roster is the team's active members, and its code opens sign-in."""
    now = now or timezone.now()
    briefing = record_lock(briefing, expected_version, related=("team",))
    may_hold(acting_user, briefing)
    if briefing.status not in (BriefingStatus.DRAFT, BriefingStatus.MISSED):
        raise ValidationError(_("This briefing is %(status)s already.") % {"status": briefing.get_status_display()})
    if now.date() != briefing.day and timezone.localtime(now).date() != briefing.day:
        raise ValidationError(_("A briefing is held on its own day."))
    known = set(briefing.attendances.values_list("person_id", flat=True))
    BriefingAttendance.objects.bulk_create(
        BriefingAttendance(briefing=briefing, person_id=pk)
        for pk in _members(briefing.team).values_list("pk", flat=True)
        if pk not in known
    )
    _judge_roster(briefing)
    briefing.status, briefing.opened_at = BriefingStatus.OPEN, now
    if briefing.leader_id is None:
        briefing.leader = getattr(acting_user, "person", None)
    return record_step_save(briefing, acting_user, gettext_noop("opened for sign-in"))


def _judge_roster(briefing: Briefing) -> None:
    """The roster's clearance judged at once (a fixed number of queries for the team), so that a member's sign-in
    at the shift's peak asks only whether what they were judged on changed (teams.selectors.briefings.clearance_now):
    a cleared member's row keeps the stamp of the facts judged, anyone else's none. The stamps are read before the
    facts: a change in between makes the stamp kept an old one, and the sign-in judges again."""
    rows = list(briefing.attendances.select_related("person__unit", "person__position"))
    people = [row.person for row in rows]
    stamps = clearance.clearance_stamps(people, briefing.day)
    judged = clearance.clearance_for(people, briefing.day)
    for row in rows:
        row.cleared_stamp = stamps[row.person_id] if judged[row.person_id].cleared else ""
    BriefingAttendance.objects.bulk_update(rows, ["cleared_stamp"], batch_size=500)


def _close_refusal(briefing: Briefing) -> str:
    waiting = list(briefing.attendances.filter(status=SignInStatus.EXPECTED).values_list("person__name", flat=True)[:5])
    if waiting:
        return _("Say who is absent or excused before closing: %(names)s.") % {"names": "、".join(waiting)}
    undecided = list(
        briefing.attendances.filter(
            concern=True, decision="", status__in=[SignInStatus.PRESENT, SignInStatus.LATE]
        ).values_list("person__name", flat=True)[:5]
    )
    if undecided:
        return _("Decide for those who answered a check with no: %(names)s.") % {"names": "、".join(undecided)}
    return ""


@transaction.atomic
def briefing_close(
    *, briefing: Briefing, acting_user, password: str, expected_version: int | None, request=None, now=None
) -> Briefing:
    """Close the briefing with the leader's signature over its whole record; it is locked from then on."""
    now = now or timezone.now()
    briefing = record_lock(briefing, expected_version, related=("team",))
    may_hold(acting_user, briefing)
    if briefing.status != BriefingStatus.OPEN:
        raise ValidationError(
            _("Only a briefing being held is closed; this one is %(status)s.")
            % {"status": briefing.get_status_display()}
        )
    refusal = _close_refusal(briefing)
    if refusal:
        raise ValidationError(refusal)
    briefing.closed_at = now
    content = briefing_content(briefing)
    signature = sign(
        record=briefing,
        content=content,
        meaning=SignatureMeaning.RESPONSIBLE,
        user=acting_user,
        password=password,
        request=request,
    )
    briefing.status, briefing.content, briefing.signature_id = BriefingStatus.CLOSED, content, signature.pk
    return record_step_save(briefing, acting_user, gettext_noop("closed and signed"))

"""Signing in to a briefing: on the member's phone with the briefing's rotating code (or, after the window, by reading
it and confirming), or on the leader's phone by name; the leader's marks (absent, excused) and decisions on fitness.

Every sign-in answers the person checks of the briefing's checklist (rested, sober, well, calm, equipment): a "no"
never blocks silently, it puts the member on the leader's list to decide (SPL Art. 44). A person not cleared to work
(training.selectors.clearance, the same judgement as the training pages) is refused, and the refusal with its reasons
is kept on the roster for the leader. At shift start hundreds sign in at once, so a sign-in locks only its own row;
the unique roster row and that lock make a second sign-in of the same person an error, never a second record."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from zeroharm.core import signin_codes
from zeroharm.core.services import record_lock, record_step_save, record_step_update, records_step_save
from zeroharm.teams.choices import BriefingStatus, FitnessDecision, SignInMethod, SignInStatus
from zeroharm.teams.models import Briefing, BriefingAttendance
from zeroharm.teams.rules import window
from zeroharm.teams.selectors.briefings import (
    checklist_for,
    clearance_now,
    clearances_now,
    own_attendance,
    person_check_keys,
)
from zeroharm.teams.services.briefings import may_hold

__all__ = [
    "SignInRefused",
    "NotOnRoster",
    "SIGNED",
    "briefing_sign_in",
    "briefing_sign_in_for",
    "attendance_mark",
    "attendance_decide",
    "attendance_mark_rest",
]

SIGNED = (SignInStatus.PRESENT, SignInStatus.LATE)


class NotOnRoster(ValidationError):
    """The signed-in person is not a member of the briefing's team."""


class SignInRefused(Exception):
    """Not cleared to work: the refusal is recorded on the roster, and this says why."""

    def __init__(self, attendance: BriefingAttendance):
        self.attendance = attendance
        super().__init__(attendance.refusal)


def briefing_sign_in(
    *,
    briefing: Briefing,
    acting_user,
    code: str = "",
    method: str = SignInMethod.QR,
    checks: dict,
    heard: bool,
    answer: int | None = None,
    now=None,
    attendance: BriefingAttendance | None = None,
) -> BriefingAttendance:
    """The member signs in themselves; `attendance`: their row as teams.selectors.briefings.own_attendance read it
    (with the briefing), else read here. Raises SignInRefused (recorded) when they are not cleared to work.

    No lock is taken for the checks: the sign-in is one UPDATE that holds only while the row is as it was read
    (core.services.record_step_update). If it changed in between (a double tap, the leader's mark), it is done again
    with the row locked, where a second sign-in is told it signed in already."""
    now = now or timezone.now()
    if attendance is None:
        attendance = own_attendance(briefing.pk, acting_user)
        if attendance is None:
            raise NotOnRoster(
                _("You are not on this briefing's roster: it is for the members of %(team)s.")
                % {"team": briefing.team.name}
            )
    done = _sign_in_own(attendance, acting_user, code, method, checks, heard, answer, now)
    if done is None:
        with transaction.atomic():
            locked = record_lock(attendance, None, related=_RELATED)
            done = _sign_in_own(locked, acting_user, code, method, checks, heard, answer, now)
            if done is None:  # closed meanwhile
                _check_open(Briefing.objects.get(pk=locked.briefing_id), now)
    if done.status == SignInStatus.REFUSED:
        raise SignInRefused(done)
    return done


_RELATED = ("briefing__team", "person__unit", "person__position")


def _sign_in_own(attendance, acting_user, code, method, checks, heard, answer, now) -> BriefingAttendance | None:
    briefing = attendance.briefing
    late_read = _check_open(briefing, now)
    if not late_read:
        _check_code(briefing, code, method, now)
    method = SignInMethod.READ_LATER if late_read else method
    return _record(briefing, attendance, acting_user, checks, heard, answer, method, now, proxy=None)


def briefing_sign_in_for(
    *, attendance: BriefingAttendance, acting_user, checks: dict, expected_version: int | None, now=None
) -> BriefingAttendance:
    """The leader signs a member in by name (no phone, a flat battery): both names are kept. Raises SignInRefused
    (recorded) when the member is not cleared to work."""
    result = _sign_in_for(attendance, acting_user, checks, expected_version, now or timezone.now())
    if result.status == SignInStatus.REFUSED:
        raise SignInRefused(result)
    return result


@transaction.atomic
def _sign_in_for(attendance, acting_user, checks, expected_version, now) -> BriefingAttendance:
    attendance = record_lock(attendance, expected_version, related=_RELATED)
    briefing = attendance.briefing
    may_hold(acting_user, briefing)
    _check_open(briefing, now)
    done = _record(briefing, attendance, acting_user, checks, True, None, SignInMethod.LEADER, now, proxy=acting_user)
    if done is None:  # the row is locked: only the briefing, closed meanwhile, stops the UPDATE
        _check_open(Briefing.objects.get(pk=briefing.pk), now)
    return done


def _check_open(briefing: Briefing, now) -> bool:
    """True when the window is over and the member reads the briefing instead (it is still being held)."""
    if briefing.status != BriefingStatus.OPEN:
        raise ValidationError(
            _("This briefing is %(status)s: it takes no sign-ins.") % {"status": briefing.get_status_display()}
        )
    if now < briefing.starts_at - window.OPENS_BEFORE:
        raise ValidationError(
            _("Signing in opens %(minutes)s minutes before the briefing starts.")
            % {"minutes": int(window.OPENS_BEFORE.total_seconds() // 60)}
        )
    return window.read_later(briefing.ends_at, now)


def _check_code(briefing: Briefing, code: str, method: str, now) -> None:
    accepts = signin_codes.accepts_typed if method == SignInMethod.TYPED else signin_codes.accepts_qr
    if not accepts(briefing.secret, (code or "").strip(), now):
        raise ValidationError({"code": _("This is not the briefing's current code: scan the leader's screen again.")})


def _checked(briefing: Briefing, checks: dict) -> dict:
    keys = person_check_keys(briefing.team)  # kept a minute: answers to exactly these need no query
    if len(checks) == len(keys) and all(isinstance(checks.get(key), bool) for key in keys):
        return {key: checks[key] for key in keys}
    items = checklist_for(briefing.team)["person"]
    missing = [text for key, text in items if not isinstance(checks.get(key), bool)]
    if missing:
        raise ValidationError({"checks": _("Answer every check: %(item)s.") % {"item": missing[0]}})
    return {key: checks[key] for key, _text in items}


def _record(briefing, attendance, acting_user, checks, heard, answer, method, now, *, proxy):
    """The sign-in's checks and its one UPDATE; None when the row changed since it was read (or the briefing
    was closed): nothing is written then."""
    if attendance.status in SIGNED:
        raise ValidationError(
            _("%(name)s signed in at %(time)s already.")
            % {"name": attendance.person.name, "time": time_format(timezone.localtime(attendance.signed_at), "H:i")}
        )
    if not heard:
        raise ValidationError({"heard": _("Confirm that you heard and understood the rules of the day.")})
    answers = _checked(briefing, checks)
    cleared, reasons = clearance_now(attendance)
    attendance.signed_at, attendance.method, attendance.proxy_by = now, method, proxy
    if not cleared:
        attendance.status, attendance.refusal = SignInStatus.REFUSED, " ".join(reasons)[:300]
        fields = ["status", "refusal", "signed_at", "method", "proxy_by"]
        return _written(attendance, fields, acting_user, gettext_noop("refused: not cleared to work"))
    if briefing.question and proxy is None:  # signed in on the leader's phone: the question is the member's own
        if answer is None or not 0 <= answer < len(briefing.question_options):
            raise ValidationError({"answer": _("Choose an answer to the question.")})
        attendance.answer, attendance.answered_right = answer, answer == briefing.question_answer
    late = method == SignInMethod.READ_LATER or now > briefing.starts_at
    attendance.status = SignInStatus.LATE if late else SignInStatus.PRESENT
    attendance.heard_rules, attendance.checks, attendance.refusal = True, answers, ""
    attendance.concern = not all(answers.values())
    fields = ["status", "signed_at", "method", "proxy_by", "heard_rules", "answer", "answered_right", "checks"]
    return _written(attendance, [*fields, "concern", "refusal"], acting_user, gettext_noop("signed in"))


# The row's briefing is still being held: a constant, so the sign-in's UPDATE is written once (core.compiled).
_HELD = Q(briefing_id__in=Briefing.objects.filter(status=BriefingStatus.OPEN).values("pk"))


def _written(attendance, fields, acting_user, reason) -> BriefingAttendance | None:
    """One UPDATE, while the row is at the version read and its briefing is still being held."""
    done = record_step_update(attendance, fields, acting_user, reason, where=_HELD)
    return attendance if done else None


@transaction.atomic
def attendance_mark(*, attendance: BriefingAttendance, status: str, acting_user, expected_version: int | None):
    """The leader marks a member absent or excused (a member who comes later may still sign in)."""
    if status not in (SignInStatus.ABSENT, SignInStatus.EXCUSED):
        raise ValidationError({"status": _("Mark a member absent or excused.")})
    attendance = record_lock(attendance, expected_version, related=("briefing__team",))
    may_hold(acting_user, attendance.briefing)
    if attendance.briefing.status != BriefingStatus.OPEN:
        raise ValidationError(_("Only a briefing being held is marked."))
    if attendance.status in SIGNED:
        raise ValidationError(_("%(name)s has signed in.") % {"name": attendance.person.name})
    attendance.status = status
    return record_step_save(attendance, acting_user, gettext_noop("attendance marked"))


@transaction.atomic
def attendance_decide(*, attendance: BriefingAttendance, decision: str, acting_user, expected_version: int | None):
    """The leader's decision for a member who answered a check with no."""
    if decision not in (FitnessDecision.MAY_WORK, FitnessDecision.OTHER_TASK, FitnessDecision.SENT_HOME):
        raise ValidationError({"decision": _("Choose what the member does today.")})
    attendance = record_lock(attendance, expected_version, related=("briefing__team",))
    may_hold(acting_user, attendance.briefing)
    if attendance.briefing.status != BriefingStatus.OPEN:
        raise ValidationError(_("Only a briefing being held is decided on."))
    if not attendance.concern:
        raise ValidationError(_("%(name)s answered every check with yes.") % {"name": attendance.person.name})
    attendance.decision = decision
    return record_step_save(attendance, acting_user, gettext_noop("fitness decided"))


@transaction.atomic
def attendance_mark_rest(*, briefing: Briefing, acting_user, expected_version: int | None, now=None) -> tuple[int, int]:
    """The leader's "everyone else present and fit": every member not yet signed in nor marked, whom the leader has
    in front of them and has asked the checks, is signed in by the leader in one UPDATE per value with its history
    (a team without phones: one tap, not twenty). Those not cleared to work are refused, with their reasons, as a
    sign-in of their own would be. Returns (signed in, refused)."""
    now = now or timezone.now()
    briefing = record_lock(briefing, expected_version, related=("team",))
    may_hold(acting_user, briefing)
    if briefing.status != BriefingStatus.OPEN:
        raise ValidationError(_("Only a briefing being held is marked."))
    rest = briefing.attendances.filter(status=SignInStatus.EXPECTED)
    rest = list(rest.select_related("person__unit", "person__position"))
    judged = clearances_now(rest, briefing.day)  # the verdicts kept at the opening, while their facts hold
    checks = {key: True for key, _text in checklist_for(briefing.team)["person"]}
    status = SignInStatus.LATE if now > briefing.starts_at else SignInStatus.PRESENT
    signed, refused = [], []
    for row in rest:
        row.signed_at, row.method, row.proxy_by = now, SignInMethod.LEADER, acting_user
        cleared, reasons = judged[row.person_id]
        if cleared:
            row.status, row.heard_rules, row.checks = status, True, checks
            signed.append(row)
        else:
            row.status, row.refusal = SignInStatus.REFUSED, " ".join(reasons)[:300]
            refused.append(row)
    fields = ["status", "signed_at", "method", "proxy_by", "heard_rules", "checks"]
    records_step_save(signed, fields, acting_user, gettext_noop("signed in by the leader"))
    for row in refused:  # each refusal has its own reasons
        record_step_save(row, acting_user, gettext_noop("refused: not cleared to work"))
    if rest:
        record_step_save(briefing, acting_user, gettext_noop("everyone else signed in"), update_fields=[])
    return len(signed), len(refused)

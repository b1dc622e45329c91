"""The pre-shift briefing's services: drafted from the records, opened, signed in to (codes, window, clearance, once
per person), and closed with the leader's signature into a locked record."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.conftest import PASSWORD
from tests.factories import PersonFactory
from tests.teams.factories import CHECKS_YES, cleared, procedure_in_force
from zeroharm.core import signin_codes
from zeroharm.core.models import Signature
from zeroharm.core.signatures import still_valid
from zeroharm.teams.choices import BriefingStatus, SignInMethod, SignInStatus
from zeroharm.teams.models import Briefing, TeamProfile
from zeroharm.teams.services import briefings as services
from zeroharm.teams.services import signin

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def team(world):
    """Team A1a: its leader (monitor_a1a, a supervisor), a cleared worker with a login, a member not cleared, and a
    workshop procedure of six clauses taught two a day (a cycle of three briefings)."""
    TeamProfile.objects.create(unit=world.unit("A1a"), rotation_days=3)
    cleared(world.people["A1a"])
    world.newcomer = PersonFactory(unit=world.unit("A1a"), name="New Comer")
    world.procedure = procedure_in_force(world, n=6)
    return world.unit("A1a")


def _draft(world, team, day=TODAY):
    return services.briefing_today(team=team, acting_user=world.users["monitor_a1a"], day=day)


def _opened(world, team, day=TODAY):
    briefing = _draft(world, team, day)
    return services.briefing_open(
        briefing=briefing,
        acting_user=world.users["monitor_a1a"],
        expected_version=briefing.version,
        now=briefing.starts_at,
    )


def _sign_in(world, briefing, *, now=None, user="worker_a1a", code=None, checks=CHECKS_YES):
    now = now or briefing.starts_at - datetime.timedelta(minutes=5)
    return signin.briefing_sign_in(
        briefing=briefing,
        acting_user=world.users[user],
        code=code or signin_codes.qr_code(briefing.secret, now),
        checks=checks,
        heard=True,
        now=now,
    )


def test_the_draft_is_prepared_from_the_records(world, team):
    world.risk_points["A1a"].color = "red"
    world.risk_points["A1a"].save()
    linked = procedure_in_force(world, "OP-2", n=2, risk_points=[world.risk_points["A1a"]])
    briefing = _draft(world, team)
    assert (briefing.status, briefing.day, briefing.leader) == (BriefingStatus.DRAFT, TODAY, None)
    assert timezone.localtime(briefing.starts_at).time() == datetime.time(7, 45)
    rules = [(r.clause.version.procedure.code, r.clause.number, r.reason) for r in briefing.rules.order_by("position")]
    # 8 clauses in 3 briefings: 3 a day; the red risk's procedure first, then the rotation
    assert rules == [("OP-2", "1", "risk"), ("OP-2", "2", "risk"), ("OP-1", "1", "rotation")]
    assert _draft(world, team) == briefing  # the same draft, not a second
    assert linked.current.number == 1


def test_the_rotation_continues_from_the_briefings_held(world, team):
    taught = []
    for n in range(4):
        day = TODAY - datetime.timedelta(days=4 - n)
        briefing = _draft(world, team, day)
        briefing.status = BriefingStatus.CLOSED  # held (the services would need each day's clock)
        briefing.save()
        taught.append([r.clause.number for r in briefing.rules.order_by("position")])
    assert taught == [["1", "2"], ["3", "4"], ["5", "6"], ["1", "2"]]  # a cycle of three, then again


def test_warnings_and_carry_overs_open_the_draft(world, team):
    from zeroharm.teams.models import ShiftWarning

    ShiftWarning.objects.create(
        unit=world.unit("A1"),
        text="High temperature: drink water every hour",
        starts_on=TODAY - datetime.timedelta(days=1),
        ends_on=TODAY,
    )
    ShiftWarning.objects.create(unit=world.unit("B1"), text="Not ours", starts_on=TODAY, ends_on=TODAY)
    yesterday = _draft(world, team, TODAY - datetime.timedelta(days=1))
    Briefing.objects.filter(pk=yesterday.pk).update(status=BriefingStatus.CLOSED, carry_on="Pump 3 still leaking")
    briefing = _draft(world, team)
    assert briefing.warnings == "High temperature: drink water every hour"
    assert briefing.carried_over == "Pump 3 still leaking"


def test_only_those_above_the_team_hold_it(world, team):
    with pytest.raises(PermissionDenied):
        services.briefing_today(team=team, acting_user=world.users["leader_b"])
    with pytest.raises(PermissionDenied):
        services.briefing_today(team=team, acting_user=world.users["worker_a1a"])
    assert services.briefing_today(team=team, acting_user=world.users["leader_a"]).team == team


def test_a_member_signs_in_once_with_the_current_code_within_the_window(world, team):
    briefing = _opened(world, team)
    roster = {a.person.name: a.status for a in briefing.attendances.select_related("person")}
    assert roster == {"Person of A1a": SignInStatus.EXPECTED, "New Comer": SignInStatus.EXPECTED}
    early = briefing.starts_at - datetime.timedelta(minutes=16)
    with pytest.raises(ValidationError, match="opens 15 minutes before"):
        _sign_in(world, briefing, now=early)
    with pytest.raises(ValidationError) as wrong:
        _sign_in(world, briefing, code="000000000000")
    assert "code" in wrong.value.message_dict
    stale = signin_codes.qr_code(briefing.secret, briefing.starts_at - datetime.timedelta(minutes=10))
    with pytest.raises(ValidationError):
        _sign_in(world, briefing, code=stale)  # a photo of the code from five minutes ago
    attendance = _sign_in(world, briefing)
    assert (attendance.status, attendance.method, attendance.concern) == (SignInStatus.PRESENT, SignInMethod.QR, False)
    with pytest.raises(ValidationError, match="signed in at"):
        _sign_in(world, briefing)
    assert briefing.attendances.filter(status=SignInStatus.PRESENT).count() == 1


def test_after_the_window_a_member_reads_the_briefing_and_confirms(world, team):
    briefing = _opened(world, team)
    later = briefing.ends_at + datetime.timedelta(minutes=40)
    attendance = _sign_in(world, briefing, now=later, code="")
    assert (attendance.status, attendance.method) == (SignInStatus.LATE, SignInMethod.READ_LATER)


def test_a_person_not_cleared_is_refused_and_the_leader_sees_why(world, team):
    briefing = _opened(world, team)
    world.newcomer.user = world.users["auditor"]  # any login; what matters is the person
    world.newcomer.save()
    with pytest.raises(signin.SignInRefused) as refused:
        _sign_in(world, briefing, user="auditor")
    row = refused.value.attendance
    assert row.status == SignInStatus.REFUSED and "induction" in row.refusal.lower()
    from zeroharm.teams.selectors.briefings import roster_of

    shown = {r.attendance.person.name: (r.cleared, r.may_start) for r in roster_of(briefing)}
    assert shown == {"New Comer": (False, False), "Person of A1a": (True, False)}


def test_a_no_goes_to_the_leader_who_decides(world, team):
    briefing = _opened(world, team)
    with pytest.raises(ValidationError, match="Answer every check"):
        _sign_in(world, briefing, checks={"rested": True})
    attendance = _sign_in(world, briefing, checks={**CHECKS_YES, "sober": False})
    assert attendance.concern and attendance.status == SignInStatus.PRESENT
    leader = world.users["monitor_a1a"]
    newcomer = briefing.attendances.get(person=world.newcomer)
    signin.attendance_mark(attendance=newcomer, status=SignInStatus.EXCUSED, acting_user=leader, expected_version=None)
    briefing.refresh_from_db()
    with pytest.raises(ValidationError, match="Decide for those"):
        services.briefing_close(
            briefing=briefing, acting_user=leader, password=PASSWORD, expected_version=briefing.version
        )
    signin.attendance_decide(attendance=attendance, decision="other_task", acting_user=leader, expected_version=None)
    closed = services.briefing_close(
        briefing=briefing, acting_user=leader, password=PASSWORD, expected_version=briefing.version
    )
    assert closed.status == BriefingStatus.CLOSED


def test_the_leader_signs_in_by_name_and_both_names_are_kept(world, team):
    briefing = _opened(world, team)
    row = briefing.attendances.get(person=world.people["A1a"])
    done = signin.briefing_sign_in_for(
        attendance=row,
        acting_user=world.users["monitor_a1a"],
        checks=CHECKS_YES,
        expected_version=row.version,
        now=briefing.starts_at,
    )
    assert (done.method, done.proxy_by, done.person) == (
        SignInMethod.LEADER,
        world.users["monitor_a1a"],
        world.people["A1a"],
    )
    with pytest.raises(PermissionDenied):
        signin.briefing_sign_in_for(
            attendance=done,
            acting_user=world.users["worker_a1a"],
            checks=CHECKS_YES,
            expected_version=None,
            now=briefing.starts_at,
        )


def test_a_question_is_the_members_own_a_sign_in_by_the_leader_leaves_it_unanswered(world, team):
    briefing = _draft(world, team)
    briefing = services.briefing_edit(
        briefing=briefing,
        data={"question": "Lock out first?", "question_options": ["yes", "no"], "question_answer": 0},
        acting_user=world.users["monitor_a1a"],
        expected_version=briefing.version,
    )
    briefing = services.briefing_open(
        briefing=briefing, acting_user=world.users["monitor_a1a"], expected_version=None, now=briefing.starts_at
    )
    with pytest.raises(ValidationError, match="answer"):
        _sign_in(world, briefing)  # the member on their own phone answers it
    row = briefing.attendances.get(person=world.people["A1a"])
    done = signin.briefing_sign_in_for(
        attendance=row,
        acting_user=world.users["monitor_a1a"],
        checks=CHECKS_YES,
        expected_version=None,
        now=briefing.starts_at,
    )
    assert (done.status, done.answer, done.answered_right) == (SignInStatus.PRESENT, None, None)


def test_closing_needs_everyone_accounted_for_and_the_leaders_password(world, team):
    briefing = _opened(world, team)
    leader = world.users["monitor_a1a"]
    _sign_in(world, briefing)
    briefing.refresh_from_db()
    with pytest.raises(ValidationError, match="New Comer"):
        services.briefing_close(
            briefing=briefing, acting_user=leader, password=PASSWORD, expected_version=briefing.version
        )
    newcomer = briefing.attendances.get(person=world.newcomer)
    signin.attendance_mark(attendance=newcomer, status=SignInStatus.ABSENT, acting_user=leader, expected_version=None)
    signed_before = Signature.objects.count()  # the procedure's approval
    with pytest.raises(ValidationError):
        services.briefing_close(
            briefing=briefing, acting_user=leader, password="nope", expected_version=briefing.version
        )
    assert Signature.objects.count() == signed_before
    closed = services.briefing_close(
        briefing=briefing, acting_user=leader, password=PASSWORD, expected_version=briefing.version
    )
    signature = Signature.objects.get(pk=closed.signature_id)
    assert still_valid(signature, closed.content)
    assert {a["name"]: a["status"] for a in closed.content["attendance"]} == {
        "Person of A1a": "present",
        "New Comer": "absent",
    }
    assert closed.content["leader"] is None and closed.content["team"] == "A1a"
    assert [r["number"] for r in closed.content["rules"]] == ["1", "2"]
    with pytest.raises(ValidationError, match="closed and signed"):
        services.briefing_edit(
            briefing=closed, data={"notes": "changed"}, acting_user=leader, expected_version=closed.version
        )
    with pytest.raises(ValidationError, match="takes no sign-ins"):
        _sign_in(world, closed)


def test_everyone_else_present_and_fit_signs_in_the_rest_and_refuses_the_uncleared(world, team):
    briefing = _opened(world, team)
    third = PersonFactory(unit=world.unit("A1a"), name="Third Member")
    cleared(third)
    signin.briefing_sign_in_for(
        attendance=briefing.attendances.get(person=world.people["A1a"]),
        acting_user=world.users["monitor_a1a"],
        checks=CHECKS_YES,
        expected_version=None,
        now=briefing.starts_at,
    )
    assert briefing.attendances.count() == 2  # the third joined the team after it was opened: put on the roster
    briefing.attendances.create(person=third)
    briefing.refresh_from_db()
    signed, refused = signin.attendance_mark_rest(
        briefing=briefing,
        acting_user=world.users["monitor_a1a"],
        expected_version=briefing.version,
        now=briefing.starts_at - datetime.timedelta(minutes=1),
    )
    assert (signed, refused) == (1, 1)
    rows = {a.person.name: a for a in briefing.attendances.select_related("person", "proxy_by")}
    assert (rows["Third Member"].status, rows["Third Member"].method) == (SignInStatus.PRESENT, SignInMethod.LEADER)
    assert rows["Third Member"].checks == CHECKS_YES and rows["Third Member"].proxy_by == world.users["monitor_a1a"]
    assert rows["New Comer"].status == SignInStatus.REFUSED and "induction" in rows["New Comer"].refusal.lower()
    assert rows["Person of A1a"].method == SignInMethod.LEADER  # signed in before: untouched
    assert rows["Third Member"].history.first().history_change_reason == "signed in by the leader"
    briefing.refresh_from_db()
    assert signin.attendance_mark_rest(
        briefing=briefing, acting_user=world.users["monitor_a1a"], expected_version=briefing.version
    ) == (0, 0)

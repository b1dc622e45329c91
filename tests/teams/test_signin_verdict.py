"""A member's sign-in at the shift's peak: the roster judged once when the briefing is opened, the verdict kept with
the stamp of the training facts it was judged on, and the sign-in one stamp query and one UPDATE while they hold;
judged again whenever they changed (a certificate revoked or expired, a record deleted), and always for someone not
cleared at the opening. Two sign-ins of one person write one."""

import datetime
import threading

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from tests.factories import PersonFactory
from tests.teams.factories import CHECKS_YES, cleared, member_login, procedure_in_force
from tests.training.factories import held_certificate, training_requirement
from zeroharm.core import signin_codes
from zeroharm.teams.choices import BriefingStatus, SignInStatus
from zeroharm.teams.models import Briefing, BriefingAttendance, CheckItem, CheckKind, TeamProfile
from zeroharm.teams.selectors.briefings import own_attendance, person_check_keys
from zeroharm.teams.services import briefings as services
from zeroharm.teams.services import signin
from zeroharm.training.choices import CertificateKind
from zeroharm.training.models import TrainingRecord
from zeroharm.training.selectors import clearance

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
OPERATION = CertificateKind.SPECIAL_OPERATION


@pytest.fixture
def team(world):
    """Team A1a: the worker (login worker_a1a) cleared, with the special operation certificate every member of the
    team needs; a newcomer (login newcomer) with no induction and no certificate."""
    TeamProfile.objects.create(unit=world.unit("A1a"), rotation_days=3)
    training_requirement(world.unit("A1a"), certificate_kind=OPERATION)
    cleared(world.people["A1a"])
    world.certificate = held_certificate(world.people["A1a"], OPERATION, TODAY - datetime.timedelta(days=400))
    world.newcomer = PersonFactory(unit=world.unit("A1a"), name="New Comer")
    member_login(world, world.newcomer, "newcomer")
    procedure_in_force(world, n=3)
    return world.unit("A1a")


@pytest.fixture
def briefing(world, team):
    draft = services.briefing_today(team=team, acting_user=world.users["monitor_a1a"], day=TODAY)
    return services.briefing_open(
        briefing=draft, acting_user=world.users["monitor_a1a"], expected_version=draft.version, now=draft.starts_at
    )


def _sign_in(world, briefing, user="worker_a1a", *, attendance=None, checks=CHECKS_YES):
    now = briefing.starts_at - datetime.timedelta(minutes=5)
    return signin.briefing_sign_in(
        briefing=briefing,
        attendance=attendance,
        acting_user=world.users[user],
        code=signin_codes.qr_code(briefing.secret, now),
        checks=checks,
        heard=True,
        now=now,
    )


def _row(world, briefing, person="A1a"):
    person = world.newcomer if person == "newcomer" else world.people[person]
    return BriefingAttendance.objects.get(briefing=briefing, person=person)


def _steps(row) -> list[str]:
    return [h.history_change_reason for h in row.history.order_by("history_date", "history_id")]


@pytest.fixture
def judged(monkeypatch):
    """How many times training judged a person's clearance anew."""
    calls = []
    judge = clearance.clearance_for
    monkeypatch.setattr(clearance, "clearance_for", lambda people, day: calls.append(day) or judge(people, day))
    return calls


def test_opening_keeps_the_stamp_of_the_cleared_members_only(world, briefing):
    worker, newcomer = _row(world, briefing), _row(world, briefing, "newcomer")
    stamps = clearance.clearance_stamps([world.people["A1a"], world.newcomer], briefing.day)
    assert worker.cleared_stamp == stamps[world.people["A1a"].pk] and len(worker.cleared_stamp) == 40
    assert newcomer.cleared_stamp == ""
    assert stamps[world.people["A1a"].pk] != stamps[world.newcomer.pk]
    assert not worker.history.exists()  # the stamp is no step (the roster's rows are bulk-inserted)


def test_a_sign_in_on_the_verdict_kept_is_a_stamp_query_and_one_update(
    world, briefing, judged, django_assert_num_queries
):
    person_check_keys(briefing.team)  # kept by the first sign-in of the team
    mine = own_attendance(briefing.pk, world.users["worker_a1a"])
    # The stamp, the UPDATE and its history row (in the test's transaction the write's own is a savepoint).
    with django_assert_num_queries(5) as captured:
        done = _sign_in(world, briefing, attendance=mine)
    statements = [q["sql"].split()[0] for q in captured.captured_queries]
    assert statements == ["SELECT", "SAVEPOINT", "UPDATE", "INSERT", "RELEASE"]
    assert judged == [] and done.status == SignInStatus.PRESENT
    row = _row(world, briefing)
    assert (row.status, row.version, row.checks) == (SignInStatus.PRESENT, 2, CHECKS_YES)
    assert _steps(row) == ["signed in"] and row.history.first().history_user == world.users["worker_a1a"]


def test_the_api_sign_in_reads_the_row_once(world, briefing, client_for, django_assert_num_queries):
    moment = briefing.starts_at - datetime.timedelta(minutes=5)
    body = {"code": signin_codes.qr_code(briefing.secret, moment), "method": "qr", "checks": CHECKS_YES, "heard": True}
    person_check_keys(briefing.team)
    with time_machine.travel(moment, tick=False):
        worker = client_for("worker_a1a")
        with django_assert_num_queries(8) as captured:  # the session, the user, the row, then as above
            response = worker.post(f"/api/v1/teams/briefings/{briefing.pk}/sign-in/", body, "application/json")
    assert response.status_code == 200 and response.json()["person_name"] == "Person of A1a"
    assert "briefingattendance" in captured.captured_queries[2]["sql"]


def test_a_member_not_cleared_at_the_opening_is_judged_again_and_refused(world, briefing, judged):
    with pytest.raises(signin.SignInRefused) as refused:
        _sign_in(world, briefing, "newcomer")
    assert len(judged) == 1
    row = _row(world, briefing, "newcomer")
    assert row.status == SignInStatus.REFUSED and "induction" in row.refusal.lower()
    assert refused.value.attendance.refusal == row.refusal and _steps(row)[-1] == "refused: not cleared to work"
    cleared(world.newcomer)  # trained since: the next sign-in judges again and lets them in
    held_certificate(world.newcomer, OPERATION, TODAY - datetime.timedelta(days=10))
    assert _sign_in(world, briefing, "newcomer").status == SignInStatus.PRESENT


def test_a_certificate_revoked_after_the_opening_is_refused(world, briefing, judged):
    from zeroharm.training.services.certificates import certificate_save

    certificate = world.certificate
    certificate_save(
        data={"status": "revoked"}, instance=certificate, acting_user=world.users["safety"], expected_version=1
    )
    with pytest.raises(signin.SignInRefused):
        _sign_in(world, briefing)
    row = _row(world, briefing)
    assert len(judged) == 1 and row.status == SignInStatus.REFUSED and "revoked" in row.refusal


def test_a_certificate_expired_by_a_plain_save_after_the_opening_is_refused(world, briefing):
    world.certificate.valid_until = TODAY - datetime.timedelta(days=1)
    world.certificate.save()  # no service, no new version: the time of the change tells it
    with pytest.raises(signin.SignInRefused):
        _sign_in(world, briefing)
    assert "expired" in _row(world, briefing).refusal


def test_a_record_deleted_after_the_opening_is_refused(world, briefing):
    TrainingRecord.objects.filter(person=world.people["A1a"], course__kind="induction_team").delete()
    with pytest.raises(signin.SignInRefused):
        _sign_in(world, briefing)
    assert "not taken" in _row(world, briefing).refusal


def test_a_change_that_keeps_the_member_cleared_is_judged_and_signs_in(world, briefing, judged):
    held_certificate(world.people["A1a"], OPERATION, TODAY - datetime.timedelta(days=3), number="NEW-1")
    assert _sign_in(world, briefing).status == SignInStatus.PRESENT
    assert len(judged) == 1


def test_the_same_member_twice_writes_one_sign_in(world, briefing):
    first = own_attendance(briefing.pk, world.users["worker_a1a"])
    second = own_attendance(briefing.pk, world.users["worker_a1a"])  # a double tap: both read before either wrote
    _sign_in(world, briefing, attendance=first)
    with pytest.raises(ValidationError, match="signed in at"):
        _sign_in(world, briefing, attendance=second)
    row = _row(world, briefing)
    assert row.version == 2 and _steps(row) == ["signed in"]
    assert BriefingAttendance.objects.filter(briefing=briefing, person=world.people["A1a"]).count() == 1


def test_a_mark_between_the_read_and_the_sign_in_is_read_again(world, briefing):
    mine = own_attendance(briefing.pk, world.users["worker_a1a"])
    signin.attendance_mark(
        attendance=_row(world, briefing),
        status=SignInStatus.ABSENT,
        acting_user=world.users["monitor_a1a"],
        expected_version=None,
    )
    assert _sign_in(world, briefing, attendance=mine).status == SignInStatus.PRESENT  # came after all
    assert _steps(_row(world, briefing)) == ["attendance marked", "signed in"]


def test_a_briefing_closed_between_the_read_and_the_sign_in_takes_none(world, briefing):
    mine = own_attendance(briefing.pk, world.users["worker_a1a"])
    Briefing.objects.filter(pk=briefing.pk).update(status=BriefingStatus.CLOSED)
    with pytest.raises(ValidationError, match="takes no sign-ins"):
        _sign_in(world, briefing, attendance=mine)
    assert _row(world, briefing).status == SignInStatus.EXPECTED


def test_answers_to_a_checklist_changed_since_its_keys_were_kept(world, briefing):
    assert person_check_keys(briefing.team) == list(CHECKS_YES)
    item = CheckItem.objects.create(unit=world.unit("A1"), kind=CheckKind.PERSON, text="Harness checked")
    with pytest.raises(ValidationError, match="Harness checked"):
        _sign_in(world, briefing)  # the old list's answers: the list in force asks another
    done = _sign_in(world, briefing, checks={f"i{item.pk}": False})
    assert done.checks == {f"i{item.pk}": False} and done.concern


def test_another_process_takes_the_list_it_kept_for_a_minute_and_the_new_one_at_once(world, briefing, monkeypatch):
    from zeroharm.teams.selectors import briefings as selectors

    person_check_keys(briefing.team)
    (item,) = CheckItem.objects.bulk_create(  # written elsewhere: this process was not told
        [CheckItem(unit=world.unit("A1"), kind=CheckKind.PERSON, text="Harness checked")]
    )
    assert _sign_in(world, briefing).checks == CHECKS_YES  # the list of a moment ago
    with pytest.raises(signin.SignInRefused):  # the new list's answers taken: then judged (not cleared)
        _sign_in(world, briefing, "newcomer", checks={f"i{item.pk}": True})
    monkeypatch.setattr(selectors.time, "monotonic", lambda: 10**9)  # a minute later
    with pytest.raises(ValidationError, match="Harness checked"):
        _sign_in(world, briefing, "newcomer")


def test_not_on_the_roster(world, briefing):
    member_login(world, world.people["B1a"], "worker_b1a")
    assert own_attendance(briefing.pk, world.users["worker_b1a"]) is None
    with pytest.raises(signin.NotOnRoster):
        _sign_in(world, briefing, "worker_b1a")


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="two connections writing at once: PostgreSQL")
def test_two_sign_ins_of_one_member_at_once_write_one(world, briefing):
    mine = [own_attendance(briefing.pk, world.users["worker_a1a"]) for _ in range(2)]
    start, answers = threading.Barrier(2), []

    def tap(row):
        start.wait()
        try:
            answers.append(_sign_in(world, briefing, attendance=row).status)
        except ValidationError as exc:
            answers.append(exc.messages[0])
        finally:
            connection.close()

    taps = [threading.Thread(target=tap, args=(row,)) for row in mine]
    for thread in taps:
        thread.start()
    for thread in taps:
        thread.join()
    assert sorted(answers, key=str)[1] == SignInStatus.PRESENT and "signed in at" in sorted(answers, key=str)[0]
    assert _steps(_row(world, briefing)) == ["signed in"]


def _everyone_else(world, briefing):
    return signin.attendance_mark_rest(
        briefing=briefing, acting_user=world.users["monitor_a1a"], expected_version=None, now=briefing.starts_at
    )


def test_everyone_else_takes_the_verdicts_kept_and_judges_only_the_rest(world, briefing, monkeypatch):
    people = []
    judge = clearance.clearance_for
    monkeypatch.setattr(clearance, "clearance_for", lambda ids, day: people.append(list(ids)) or judge(ids, day))
    assert _everyone_else(world, briefing) == (1, 1)  # the worker on the verdict kept; the newcomer judged again
    assert people == [[world.newcomer.pk]]  # (not cleared at the opening): one batch, for the newcomer alone
    assert _row(world, briefing, "newcomer").status == SignInStatus.REFUSED


def test_everyone_else_judges_again_a_member_whose_facts_changed_since_the_opening(world, briefing, judged):
    from zeroharm.training.services.certificates import certificate_save

    certificate_save(
        data={"status": "revoked"}, instance=world.certificate, acting_user=world.users["safety"], expected_version=1
    )
    assert _everyone_else(world, briefing) == (0, 2)
    assert "revoked" in _row(world, briefing).refusal and len(judged) == 1

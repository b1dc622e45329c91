"""The steps of a reward or penalty through its services: evidence required and scoped, amounts by kind, approval by
an approver who did not propose it, acknowledgement only by the person and only with their password."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.conftest import PASSWORD
from tests.factories import reported_hazard
from tests.rewards.factories import approved, proposed, violation
from zeroharm.core.models import Signature
from zeroharm.core.signatures import still_valid
from zeroharm.notifications.models import Notification
from zeroharm.rewards.choices import State
from zeroharm.rewards.models import Evidence, RewardPenalty
from zeroharm.rewards.services.records import acknowledge, approve, propose, record_content, reject

pytestmark = pytest.mark.django_db


def _data(world, code="A1a", **kw):
    return {
        "person": world.people[code],
        "kind": "fine",
        "amount": Decimal("100"),
        "reason": "No helmet",
        "decided_on": timezone.localdate(),
        **kw,
    }


def test_a_proposal_rests_on_its_evidence(world):
    record = proposed(world)
    assert record.state == State.PROPOSED and record.unit == world.unit("A1a")
    (evidence,) = Evidence.objects.filter(record=record)
    assert evidence.kind == "teams.violation" and "Person of A1a" in evidence.text


def test_a_reward_or_penalty_without_evidence_is_refused(world):
    with pytest.raises(ValidationError) as refused:
        propose(data=_data(world), evidence=[], acting_user=world.users["safety"])
    assert "rests on evidence" in str(refused.value) and not RewardPenalty.objects.exists()


def test_evidence_from_another_branch_is_refused(world):
    """leader_a reaches branch A only: a violation in B1a and a hidden danger in B1a are not theirs to cite."""
    theirs = violation(world, "B1a")
    hazard = reported_hazard(world, "B1a", actor="leader_b")
    for picked in ([("teams.violation", theirs.pk)], [("hazards.hidden_danger", hazard.pk)]):
        with pytest.raises(ValidationError) as refused:
            propose(data=_data(world), evidence=picked, acting_user=world.users["leader_a"])
        assert "not among the records you may cite" in str(refused.value)
    with pytest.raises(ValidationError):
        propose(data=_data(world), evidence=[("nobody.knows", 1)], acting_user=world.users["leader_a"])
    assert not RewardPenalty.objects.exists()


def test_a_proposal_for_a_person_of_another_branch_is_refused(world):
    mine = violation(world, "A1a")
    with pytest.raises(PermissionDenied):
        propose(data=_data(world, "B1a"), evidence=[("teams.violation", mine.pk)], acting_user=world.users["leader_a"])


@pytest.mark.parametrize(
    ("kind", "amount", "message"),
    [
        ("fine", None, "is an amount of money"),
        ("fine", Decimal("-5"), "is an amount of money"),
        ("warning", Decimal("50"), "carries no amount"),
        ("bonus", Decimal("2000000"), "outside this register"),
    ],
)
def test_amounts_follow_the_kind(world, kind, amount, message):
    evidence = violation(world)
    with pytest.raises(ValidationError) as refused:
        propose(
            data=_data(world, kind=kind, amount=amount),
            evidence=[("teams.violation", evidence.pk)],
            acting_user=world.users["safety"],
        )
    assert message in str(refused.value)


def test_a_warning_carries_no_amount(world):
    record = proposed(world, kind="warning", amount=None)
    assert record.amount is None and record.kind == "warning"


@pytest.mark.parametrize("persona", ["director_a1", "worker_a1a", "auditor", "leader_b"])
def test_approval_by_a_non_approver_is_refused(world, persona):
    record = proposed(world)
    with pytest.raises(PermissionDenied):
        approve(record=record, acting_user=world.users[persona], expected_version=record.version)
    record.refresh_from_db()
    assert record.state == State.PROPOSED


def test_nobody_approves_their_own_proposal(world):
    record = proposed(world, by="leader_a")
    with pytest.raises(PermissionDenied):
        approve(record=record, acting_user=world.users["leader_a"], expected_version=record.version)


def test_approval_tells_the_person_and_a_stale_version_is_refused(world):
    from zeroharm.core.services import ConcurrentEditError

    record = proposed(world)
    with pytest.raises(ConcurrentEditError):
        approve(record=record, acting_user=world.users["leader_a"], expected_version=record.version + 1)
    record = approve(record=record, acting_user=world.users["leader_a"], expected_version=record.version)
    assert record.state == State.APPROVED and record.decided_by == world.users["leader_a"]
    (note,) = Notification.objects.filter(event="rewards.to_acknowledge")
    assert note.recipient == world.users["worker_a1a"] and note.url == record.get_absolute_url()


def test_approval_of_someone_without_a_login_records_it_at_once(world):
    evidence = violation(world, "A1")
    record = propose(
        data=_data(world, "A1"), evidence=[("teams.violation", evidence.pk)], acting_user=world.users["safety"]
    )
    record = approve(record=record, acting_user=world.users["leader_a"], expected_version=record.version)
    assert record.state == State.RECORDED and not Notification.objects.exists()


def test_reject_needs_a_reason(world):
    record = proposed(world)
    with pytest.raises(ValidationError):
        reject(record=record, acting_user=world.users["leader_a"], expected_version=record.version, note=" ")
    record = reject(record=record, acting_user=world.users["leader_a"], expected_version=record.version, note="No")
    assert record.state == State.REJECTED


def test_acknowledgement_without_re_authentication_is_refused(world):
    record = approved(world)
    for password in ("", "not-my-password"):
        with pytest.raises(ValidationError):
            acknowledge(record=record, acting_user=world.users["worker_a1a"], password=password)
    record.refresh_from_db()
    assert record.state == State.APPROVED and not Signature.objects.exists()


def test_only_the_person_acknowledges(world):
    record = approved(world)
    with pytest.raises(PermissionDenied):
        acknowledge(record=record, acting_user=world.users["leader_a"], password=PASSWORD)


def test_the_acknowledgement_is_a_signature_and_records_it(world):
    record = approved(world)
    record = acknowledge(record=record, acting_user=world.users["worker_a1a"], password=PASSWORD)
    assert record.state == State.RECORDED and record.signature.meaning == "acknowledged"
    assert still_valid(record.signature, record_content(record))
    with pytest.raises(ValidationError):
        acknowledge(record=record, acting_user=world.users["worker_a1a"], password=PASSWORD)


def test_a_proposal_tells_the_nearest_first_leader_who_decides_and_waits_in_their_open_tasks(world):
    from tests.responsibility.factories import first_leaders
    from zeroharm.rewards.hooks import proposals_to_decide

    first_leaders(world)  # A1's director may propose, not decide: the branch's first leader is told
    record = proposed(world)
    (note,) = Notification.objects.filter(event="rewards.to_decide")
    assert note.recipient == world.users["leader_a"] and note.url == record.get_absolute_url()
    (task,) = proposals_to_decide(world.users["leader_a"])
    assert task.count == 1 and task.url.endswith("?state=proposed")
    assert proposals_to_decide(world.users["safety"]) == []  # the proposer's own proposal is not theirs to decide
    assert proposals_to_decide(world.users["leader_b"]) == []  # another branch
    approve(record=record, acting_user=world.users["leader_a"], expected_version=record.version)
    assert proposals_to_decide(world.users["leader_a"]) == []

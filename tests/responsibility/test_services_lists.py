"""Responsibility lists: exactly one of role or post, one draft at a time, the duties' rules, approval with a
signature that puts a version in force and supersedes the last, never an edit in force, and the law's default."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from tests.conftest import PASSWORD
from tests.responsibility.factories import duties, list_in_force
from zeroharm.core.signatures import signatures_of, still_valid
from zeroharm.responsibility.choices import ListStatus, UnitRole
from zeroharm.responsibility.models import DutyList, DutyListVersion
from zeroharm.responsibility.services.defaults import ARTICLE_21, defaults_for
from zeroharm.responsibility.services.lists import (
    MAX_DUTIES,
    draft_of,
    duties_replace,
    list_create,
    version_approve,
    version_content,
)

pytestmark = pytest.mark.django_db


def _new(world, code="RL-9", **data):
    data = {"unit": world.unit("A1"), "code": code, "title": "Welders", **(data or {"position": world.position})}
    return list_create(data=data, duties=duties(2), acting_user=world.users["director_a1"])


@pytest.mark.parametrize("both", [True, False])
def test_a_list_is_for_a_role_or_a_post_never_both_nor_neither(world, both):
    extra = {"unit_role": UnitRole.TEAM_LEADER, "position": world.position} if both else {"unit_role": None}
    with pytest.raises(ValidationError, match="Choose a unit role or a post"):
        _new(world, **extra)
    with pytest.raises(IntegrityError), transaction.atomic():  # the database holds the rule too
        DutyList.objects.create(unit=world.unit("A1"), code="X", title="X", **extra)
    assert not DutyList.objects.exists()


def test_a_version_is_approved_with_a_signature_and_supersedes_the_last(world):
    duty_list = list_in_force(world, n=3)
    v1 = duty_list.current
    assert (v1.number, v1.status, v1.approved_by) == (1, ListStatus.IN_FORCE, world.users["leader_a"])
    (signature,) = signatures_of(v1)
    assert signature.meaning == "approved" and still_valid(signature, version_content(v1))

    draft = draft_of(duty_list=duty_list, acting_user=world.users["safety"])
    assert (draft.number, list(draft.duties.values_list("scope", flat=True))) == (2, ["Scope 1", "Scope 2", "Scope 3"])
    assert draft_of(duty_list=duty_list, acting_user=world.users["leader_a"]) == draft  # one draft at a time
    with pytest.raises(IntegrityError), transaction.atomic():
        DutyListVersion.objects.create(duty_list=duty_list, number=9)
    draft = duties_replace(
        version=draft,
        duties=duties(4, "New"),
        change_note="Four",
        acting_user=world.users["leader_a"],
        expected_version=draft.version,
    )
    with pytest.raises(PermissionDenied):  # a supervisor drafts; the unit leader approves
        version_approve(
            version=draft, acting_user=world.users["director_a1"], password=PASSWORD, expected_version=draft.version
        )
    with pytest.raises(PermissionDenied):  # another branch approves nothing here
        version_approve(
            version=draft, acting_user=world.users["leader_b"], password=PASSWORD, expected_version=draft.version
        )
    with pytest.raises(ValidationError, match="password"):
        version_approve(version=draft, acting_user=world.users["leader_a"], password="wrong", expected_version=None)
    v2 = version_approve(version=draft, acting_user=world.users["leader_a"], password=PASSWORD, expected_version=None)
    duty_list.refresh_from_db()
    v1.refresh_from_db()
    assert (duty_list.current, v2.status, v1.status) == (v2, ListStatus.IN_FORCE, ListStatus.SUPERSEDED)
    assert [d.text for d in v2.duties.order_by("order")] == ["New 1", "New 2", "New 3", "New 4"]
    assert len(signatures_of(v2)) == 1


def test_a_version_in_force_is_never_edited(world):
    duty_list = list_in_force(world, n=2)
    with pytest.raises(ValidationError, match="it is not edited"):
        duties_replace(
            version=duty_list.current,
            duties=duties(1),
            change_note="",
            acting_user=world.users["safety"],
            expected_version=None,
        )
    with pytest.raises(ValidationError, match="Only a draft"):
        version_approve(
            version=duty_list.current, acting_user=world.users["safety"], password=PASSWORD, expected_version=None
        )
    assert duty_list.current.duties.count() == 2


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([], "at least one duty"),
        (duties(MAX_DUTIES + 1), f"at most {MAX_DUTIES} duties"),
        ([{"number": "1", "text": "a", "scope": "b", "assessment": "c"}] * 2, "Duty 2: the number 1 is used twice"),
        ([{"number": "1", "text": "a", "scope": " ", "assessment": ""}], "Duty 1: write its scope of responsibility"),
    ],
)
def test_a_drafts_duties_are_checked_row_by_row(world, rows, message):
    duty_list = _new(world)
    draft = duty_list.versions.get()
    with pytest.raises(ValidationError, match=message):
        duties_replace(
            version=draft, duties=rows, change_note="", acting_user=world.users["safety"], expected_version=None
        )
    assert list(draft.duties.values_list("text", flat=True)) == ["Duty 1", "Duty 2"]  # nothing written


def test_the_missing_parts_are_all_named(world):
    draft = _new(world).versions.get()
    with pytest.raises(ValidationError) as caught:
        duties_replace(
            version=draft,
            duties=[{"number": "1", "text": "", "scope": "", "assessment": ""}],
            change_note="",
            acting_user=world.users["safety"],
            expected_version=None,
        )
    assert caught.value.messages == ["Duty 1: write its duty, scope of responsibility, assessment standard."]


def test_another_branch_changes_nothing(world):
    duty_list = _new(world)
    with pytest.raises(PermissionDenied):
        draft_of(duty_list=duty_list, acting_user=world.users["leader_b"])
    with pytest.raises(PermissionDenied):
        duties_replace(
            version=duty_list.versions.get(),
            duties=duties(1),
            change_note="",
            acting_user=world.users["leader_b"],
            expected_version=None,
        )


def test_the_laws_default_is_the_seven_duties_of_article_21(world):
    duty_list = defaults_for(world.unit("A"), acting_user=world.users["safety"])
    draft = duty_list.versions.get()
    rows = list(draft.duties.order_by("order").values_list("number", "text", "scope", "assessment"))
    assert (duty_list.unit_role, duty_list.code, draft.status, len(ARTICLE_21)) == (
        UnitRole.FIRST_LEADER,
        "FL-A",
        ListStatus.DRAFT,
        7,
    )
    assert [r[0] for r in rows] == ["1", "2", "3", "4", "5", "6", "7"]
    assert rows[0][1].startswith("Establish, improve and implement the all-staff safety responsibility system")
    assert rows[6][1] == "Report production safety accidents promptly and truthfully."
    assert all(text and scope and assessment for _n, text, scope, assessment in rows)
    with pytest.raises(ValidationError, match="already has a first leader's list"):
        defaults_for(world.unit("A"), acting_user=world.users["safety"])


def test_the_laws_default_is_written_in_chinese_for_a_chinese_user(world):
    from django.utils import translation

    with translation.override("zh-hans"):
        duty_list = defaults_for(world.unit("B"), acting_user=world.users["safety"])
    first = duty_list.versions.get().duties.order_by("order").first()
    assert "全员安全生产责任制" in first.text

"""Operating procedures: drafts, clauses, approval with the approver's signature, versions superseded, never edited
in force."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.conftest import PASSWORD
from tests.teams.factories import clauses, procedure_in_force
from zeroharm.core.signatures import signatures_of, still_valid
from zeroharm.teams.choices import VersionStatus
from zeroharm.teams.services.procedures import (
    clauses_replace,
    draft_of,
    procedure_create,
    version_approve,
    version_content,
)

pytestmark = pytest.mark.django_db


def _new(world, code="OP-9", n=2, user="monitor_a1a", unit="A1a"):
    return procedure_create(
        data={"unit": world.unit(unit), "code": code, "title": "Grinding", "kind": "equipment"},
        m2m={},
        clauses=clauses(n),
        acting_user=world.users[user],
    )


def test_a_version_is_approved_with_a_signature_and_supersedes_the_last(world):
    procedure = procedure_in_force(world, n=3)
    v1 = procedure.current
    assert (v1.number, v1.status, v1.approved_by) == (1, VersionStatus.IN_FORCE, world.users["leader_a"])
    (signature,) = signatures_of(v1)
    assert signature.meaning == "approved" and still_valid(signature, version_content(v1))

    draft = draft_of(procedure=procedure, acting_user=world.users["director_a1"])
    assert (draft.number, list(draft.clauses.values_list("number", flat=True))) == (2, ["1", "2", "3"])
    assert draft_of(procedure=procedure, acting_user=world.users["safety"]) == draft  # one draft at a time
    draft = clauses_replace(
        version=draft,
        clauses=clauses(4, "New"),
        change_note="Added the lock-out clause",
        acting_user=world.users["director_a1"],
        expected_version=draft.version,
    )
    with pytest.raises(PermissionDenied):  # a team leader drafts; the workshop approves
        version_approve(
            version=draft, acting_user=world.users["director_a1"], password=PASSWORD, expected_version=draft.version
        )
    with pytest.raises(ValidationError):
        version_approve(
            version=draft, acting_user=world.users["leader_a"], password="wrong", expected_version=draft.version
        )
    v2 = version_approve(
        version=draft, acting_user=world.users["leader_a"], password=PASSWORD, expected_version=draft.version
    )
    procedure.refresh_from_db()
    v1.refresh_from_db()
    assert (procedure.current, v1.status, v2.status) == (v2, VersionStatus.SUPERSEDED, VersionStatus.IN_FORCE)
    assert still_valid(signature, version_content(v1))  # v1's clauses were never touched


def test_a_version_in_force_is_never_edited(world):
    procedure = procedure_in_force(world, n=2)
    with pytest.raises(ValidationError, match="not edited"):
        clauses_replace(
            version=procedure.current,
            clauses=clauses(1),
            change_note="",
            acting_user=world.users["safety"],
            expected_version=procedure.current.version,
        )


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([{"number": "1", "text": "a"}, {"number": "1", "text": "b"}], "Clause 2: the number 1 is used twice"),
        ([{"number": "1", "text": ""}], "Clause 1: text"),
        ([{"number": "1", "text": "a", "ppe": ["helmet", "cape"]}], "Unknown protective equipment: cape"),
    ],
)
def test_bad_clauses_are_refused_with_their_place(world, rows, message):
    procedure = _new(world)
    draft = procedure.versions.get()
    with pytest.raises(ValidationError, match=message):
        clauses_replace(
            version=draft,
            clauses=rows,
            change_note="",
            acting_user=world.users["safety"],
            expected_version=draft.version,
        )
    assert draft.clauses.count() == 2  # nothing lost


def test_nothing_is_approved_without_clauses_or_outside_the_scope(world):
    procedure = _new(world, n=0)
    draft = procedure.versions.get()
    with pytest.raises(ValidationError, match="without clauses"):
        version_approve(version=draft, acting_user=world.users["leader_a"], password=PASSWORD, expected_version=None)
    with pytest.raises(PermissionDenied):
        version_approve(version=draft, acting_user=world.users["leader_b"], password=PASSWORD, expected_version=None)
    with pytest.raises(PermissionDenied):
        _new(world, code="OP-B", user="leader_a", unit="B1")

"""A workflow step's save (core.services.record_step_save with clean=True) checks what the step changed: the
references it set, the constraints its changes touch; a value still as stored is not read again."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from zeroharm.actions.models import ActionItem, ActionStatus
from zeroharm.actions.services import action_create
from zeroharm.core.services import record_lock, record_step_save

pytestmark = pytest.mark.django_db

REFERENCED = ("org_orgunit", "org_person", "accounts_user", "django_content_type")


def _action(world) -> ActionItem:
    return action_create(
        acting_user=world.users["director_a1"],
        unit=world.unit("A1a"),
        title="Fit a guard",
        owner=world.people["A1a"],
        due_date=timezone.localdate(),
    )


def _save(item, world) -> set[str]:
    """Save a step; the referenced tables it read."""
    with CaptureQueriesContext(connection) as queries:
        record_step_save(item, world.users["director_a1"], "edited", clean=True)
    return {t for t in REFERENCED if any(f'FROM "{t}"' in q["sql"] for q in queries.captured_queries)}


def test_a_step_reads_no_reference_it_left_as_it_was(world):
    item = record_lock(_action(world), None)
    item.title = "Fit a fixed guard"
    assert _save(item, world) == set()
    assert ActionItem.objects.get(pk=item.pk).title == "Fit a fixed guard"


def test_a_reference_the_step_sets_is_checked(world):
    item = record_lock(_action(world), None)
    item.owner_id = 999_999
    with pytest.raises(ValidationError) as refused:
        _save(item, world)
    assert "owner" in refused.value.message_dict


def test_a_value_the_step_sets_is_checked(world):
    item = record_lock(_action(world), None)
    item.title = ""
    with pytest.raises(ValidationError) as refused:
        _save(item, world)
    assert "title" in refused.value.message_dict


def test_a_constraint_a_change_touches_is_checked_whole(world):
    """Verified needs a verifier: the status changed, the verifier (still empty) did not."""
    item = record_lock(_action(world), None)
    item.status = ActionStatus.VERIFIED
    with pytest.raises(ValidationError):
        _save(item, world)


def test_a_record_not_loaded_by_record_lock_is_checked_whole(world):
    item = ActionItem.objects.get(pk=_action(world).pk)
    item.title = "Fit a fixed guard"
    assert {"org_orgunit", "org_person", "accounts_user"} <= _save(item, world)

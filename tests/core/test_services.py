"""A service's checks (core.services.record_clean, and record_step_save with clean=True) check what can have
changed: not a value still as record_lock read it, nor whether a reference the service holds as a row read from
the database exists; a constraint that reads anything else is checked whole."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from zeroharm.actions.models import ActionItem, ActionStatus
from zeroharm.actions.services import action_create
from zeroharm.core.services import record_clean, record_lock, record_step_save

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


def _cleaned(instance) -> set[str]:
    """Check a new record; the referenced tables it read."""
    with CaptureQueriesContext(connection) as queries:
        record_clean(instance)
    return {t for t in REFERENCED if any(f'FROM "{t}"' in q["sql"] for q in queries.captured_queries)}


def _new_action(world, **references) -> ActionItem:
    values = {"unit": world.unit("A1a"), "owner": world.people["A1a"], "created_by": world.users["director_a1"]}
    return ActionItem(title="Fit a guard", due_date=timezone.localdate(), **{**values, **references})


def test_a_reference_held_as_a_row_is_not_read_again(world):
    assert _cleaned(_new_action(world)) == set()


def test_a_reference_given_by_its_id_is_checked(world):
    item = _new_action(world)
    item.owner_id = 999_999
    with pytest.raises(ValidationError) as refused:
        _cleaned(item)
    assert "owner" in refused.value.message_dict


def test_a_unique_constraint_of_held_references_is_checked_on_a_new_record(world):
    """A new record's references may each exist and still be taken together."""
    from tests.support.incidents import investigate_to_closable
    from zeroharm.incidents import services
    from zeroharm.incidents.choices import Gate
    from zeroharm.incidents.models import GateSign

    incident = services.incident_report(
        acting_user=world.users["director_a1"],
        kind="injury",
        unit=world.unit("A1a"),
        occurred_at=timezone.now(),
        description="Hand caught",
    )
    incident = investigate_to_closable(world, incident)
    services.gate_sign(incident=incident, acting_user=world.users["leader_a"], gate=Gate.CAUSE, evidence="Report")
    again = GateSign(incident=incident, gate=Gate.CAUSE, evidence="Twice", signed_at=timezone.now())
    with pytest.raises(ValidationError):
        record_clean(again)


def _updates(item, world) -> list[str]:
    """Save a step; the UPDATE statements it ran."""
    with CaptureQueriesContext(connection) as queries:
        record_step_save(item, world.users["director_a1"], "edited")
    return [q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE")]


def test_a_step_writes_the_fields_it_changed(world):
    item = record_lock(_action(world), None)
    item.title = "Fit a fixed guard"
    (update,) = _updates(item, world)
    assert '"title"' in update and '"description"' not in update and '"owner_id"' not in update
    saved = ActionItem.objects.get(pk=item.pk)
    assert (saved.title, saved.version) == ("Fit a fixed guard", 2)
    assert saved.history.first().title == "Fit a fixed guard"  # the history row holds the whole record


def test_a_value_changed_back_between_two_steps_is_written_back(world):
    item = record_lock(_action(world), None)
    item.title = "Fit a fixed guard"
    _updates(item, world)
    item.title = "Fit a guard"
    _updates(item, world)
    assert ActionItem.objects.get(pk=item.pk).title == "Fit a guard"


def test_many_steps_at_once_write_an_update_per_value_and_a_history_row_each(world):
    from zeroharm.core.services import records_step_save

    items = [_action(world) for _ in range(6)]
    for n, item in enumerate(items):
        item.status = ActionStatus.DONE if n % 2 else ActionStatus.CANCELLED
    with CaptureQueriesContext(connection) as queries:
        records_step_save(items, ["status"], world.users["director_a1"], "closed together")
    updates = [q for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
    assert len(updates) == 2  # one per distinct value, whatever the number of rows
    stored = {i.pk: (i.status, i.version) for i in ActionItem.objects.filter(pk__in=[i.pk for i in items])}
    assert stored == {i.pk: (i.status, i.version) for i in items} and {i.version for i in items} == {2}
    for item in items:
        last = item.history.first()
        assert (last.status, last.version, last.history_change_reason) == (item.status, 2, "closed together")
        assert last.history_user_id == world.users["director_a1"].pk


def test_many_steps_at_once_with_nothing_to_save_write_nothing(world):
    from zeroharm.core.services import records_step_save

    with CaptureQueriesContext(connection) as queries:
        records_step_save([], ["status"], None, "nothing")
    assert not queries.captured_queries


def test_a_step_as_one_conditional_update_writes_only_the_version_read(world):
    from django.db.models import Q

    from zeroharm.core.services import record_step_update

    item = _action(world)
    stale, steps = ActionItem.objects.get(pk=item.pk), item.history.count()
    item.status = ActionStatus.DONE
    assert not record_step_update(item, ["status"], None, "done", where=Q(status=ActionStatus.CANCELLED))
    assert (item.version, ActionItem.objects.get(pk=item.pk).status) == (1, ActionStatus.OPEN)
    assert record_step_update(item, ["status"], world.users["director_a1"], "done", where=Q(status=ActionStatus.OPEN))
    last = item.history.first()
    assert (item.version, last.version, last.status, last.history_change_reason) == (2, 2, ActionStatus.DONE, "done")
    assert last.history_user_id == world.users["director_a1"].pk
    stale.status = ActionStatus.CANCELLED  # read before the step: at version 1
    assert not record_step_update(stale, ["status"], None, "cancelled")
    assert ActionItem.objects.get(pk=item.pk).status == ActionStatus.DONE and item.history.count() == steps + 1

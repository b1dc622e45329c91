"""core.compiled: a query compiled once reads what the ORM reads; the step's UPDATE and history row, written once
per model, write what the ORM's would."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from tests.teams.factories import held_briefing
from zeroharm.accounts.models import User
from zeroharm.actions.models import ActionItem, ActionStatus
from zeroharm.actions.services import action_create
from zeroharm.core import compiled
from zeroharm.core.compiled import CompiledQuery
from zeroharm.core.services import record_step_update
from zeroharm.teams.models import BriefingAttendance

pytestmark = pytest.mark.django_db

LOGIN = CompiledQuery(
    lambda pk: User.objects.select_related(*User.display_related, "person__position").filter(pk=pk), ids=1
)
ROW = CompiledQuery(
    lambda briefing_id, person_id: BriefingAttendance.objects.select_related("briefing__team").filter(
        briefing_id=briefing_id, person_id=person_id
    ),
    ids=2,
)


def _fields(instance) -> dict:
    return {field.attname: getattr(instance, field.attname) for field in instance._meta.concrete_fields}


def test_a_compiled_login_is_the_orms_with_its_person_unit_and_post_in_one_query(world):
    user = world.users["worker_a1a"]
    orm = User.objects.select_related(*User.display_related, "person__position").get(pk=user.pk)
    with CaptureQueriesContext(connection) as queries:
        read = LOGIN.first(user.pk)
        person = read.person
        names = (person.name, person.unit.name, person.position.name)
    assert len(queries.captured_queries) == 1
    assert names == (orm.person.name, orm.person.unit.name, orm.person.position.name)
    assert _fields(read) == _fields(orm) and _fields(person) == _fields(orm.person)
    assert _fields(person.unit) == _fields(orm.person.unit) and read._state.db == "default"
    assert not read._state.adding


def test_a_login_without_a_person_is_read_as_known_to_have_none(world):
    read = LOGIN.first(world.users["director_a1"].pk)
    with CaptureQueriesContext(connection) as queries:
        assert User._meta.get_field("person").is_cached(read) and not hasattr(read, "person")
    assert not queries.captured_queries


def test_the_same_statement_runs_with_other_ids_and_finds_nothing_for_an_unknown_one(world):
    first, second = world.users["director_a1"], world.users["leader_b"]
    statements = []

    def kept(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(kept):
        assert LOGIN.first(first.pk).username == first.username
        assert LOGIN.first(second.pk).username == second.username
        assert LOGIN.first(10**9) is None
    assert len(statements) == 3 and len(set(statements)) == 1


def test_a_compiled_row_reads_json_times_and_the_joined_briefing_as_the_orm_does(world):
    team, person = world.unit("A1a"), world.people["A1a"]
    briefing = held_briefing(team, datetime.date(2026, 11, 2), [person])
    BriefingAttendance.objects.filter(person=person).update(checks={"rested": True, "sober": False})
    orm = BriefingAttendance.objects.select_related("briefing__team").get(briefing=briefing, person=person)
    read = ROW.first(briefing.pk, person.pk)
    assert read.checks == {"rested": True, "sober": False} and _fields(read) == _fields(orm)
    assert _fields(read.briefing) == _fields(orm.briefing) and read.briefing.starts_at.tzinfo is not None
    assert read.briefing.team.name == team.name and ROW.first(briefing.pk, world.people["B1a"].pk) is None


@pytest.mark.parametrize(
    "build, ids, why",
    [
        (lambda pk: User.objects.filter(Q(pk=pk) | Q(person__id=pk)), 1, "found 2 times"),
        (lambda pk: User.objects.filter(username=f"user-{pk}"), 1, "found 0 times"),
        (lambda pk: User.objects.filter(pk=pk).values("pk"), 1, "instances"),
    ],
)
def test_a_query_whose_ids_do_not_reach_the_sql_as_given_is_refused(world, build, ids, why):
    with pytest.raises(ValueError, match=why):
        CompiledQuery(build, ids=ids).first(1)


def test_the_wrong_number_of_ids_is_refused():
    with pytest.raises(TypeError, match="takes 2 ids, not 1"):
        ROW.first(1)
    with pytest.raises(ValueError, match="1 to 8 ids"):
        CompiledQuery(lambda: None, ids=0)


def _action(world) -> ActionItem:
    return action_create(
        acting_user=world.users["director_a1"],
        unit=world.unit("A1a"),
        title="Fit a guard",
        owner=world.people["A1a"],
        due_date=timezone.localdate(),
    )


OPEN = Q(status=ActionStatus.OPEN)


def test_the_steps_history_row_holds_every_tracked_field_as_the_row_now_is(world):
    item = _action(world)
    item.status, item.title = ActionStatus.DONE, "Fit a guard — done"
    assert record_step_update(item, ["status", "title"], world.users["director_a1"], "done", where=OPEN)
    stored, last = ActionItem.objects.get(pk=item.pk), item.history.first()
    history = ActionItem.history.model
    tracked = {f.attname for f in history.tracked_fields}
    assert {name: getattr(last, name) for name in tracked} == {name: getattr(stored, name) for name in tracked}
    assert (last.history_type, last.history_change_reason, last.history_user_id) == (
        "~",
        "done",
        world.users["director_a1"].pk,
    )
    assert last.history_date == stored.updated_at and stored.version == item.version == 2


def test_a_constant_condition_is_compiled_once_for_every_row(world):
    items = [_action(world) for _ in range(3)]
    compiled._update_sql.cache_clear()
    for item in items:
        item.status = ActionStatus.DONE
        assert record_step_update(item, ["status"], None, "done", where=OPEN)
    info = compiled._update_sql.cache_info()
    assert (info.misses, info.hits) == (1, 2)
    assert set(ActionItem.objects.filter(pk__in=[i.pk for i in items]).values_list("status", flat=True)) == {"done"}


def test_a_condition_with_a_subquery_holds_only_while_the_subquery_finds_the_row(world):
    item, other = _action(world), _action(world)
    unfinished = Q(pk__in=ActionItem.objects.filter(status=ActionStatus.OPEN).values("pk"))
    ActionItem.objects.filter(pk=item.pk).update(status=ActionStatus.CANCELLED)  # the version stays as read
    item.title = other.title = "Renamed"
    assert not record_step_update(item, ["title"], None, "renamed", where=unfinished)
    assert record_step_update(other, ["title"], None, "renamed", where=unfinished)
    assert ActionItem.objects.get(pk=item.pk).title == "Fit a guard"
    assert ActionItem.objects.get(pk=other.pk).title == "Renamed"


@override_settings(SIMPLE_HISTORY_ENABLED=False)
def test_no_history_row_when_history_is_off(world):
    item = _action(world)
    steps = item.history.count()
    item.status = ActionStatus.DONE
    assert record_step_update(item, ["status"], None, "done")
    assert item.history.count() == steps

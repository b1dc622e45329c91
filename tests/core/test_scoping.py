"""The scoping rule's building blocks: subtree ranges on the materialized path."""

import pytest

from zeroharm.core.scoping import _path_upper_bound, user_scope
from zeroharm.org.models import OrgUnit

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path,upper",
    [
        ("0001", "0002"),
        ("0009", "000A"),
        ("000Z", "001"),
        ("0001ZZZZ", "0002"),
        ("ZZZZ", None),
        ("00010001", "00010002"),
    ],
)
def test_upper_bound_of_a_subtree(path, upper):
    assert _path_upper_bound(path) == upper


def test_subtree_range_matches_prefix_semantics(world):
    """Every unit the range selects starts with the path, and every such unit is selected."""
    from zeroharm.core.scoping import subtree_q

    for unit in OrgUnit.objects.all():
        by_range = set(OrgUnit.objects.filter(subtree_q(unit.path)).values_list("code", flat=True))
        by_prefix = {u.code for u in OrgUnit.objects.all() if u.path.startswith(unit.path)}
        assert by_range == by_prefix, unit.code


def test_archived_role_assignments_grant_nothing(world):
    assignment = world.assignments["leader_a"]
    assignment.is_archived = True
    assignment.save()
    user = type(world.users["leader_a"]).objects.get(pk=world.users["leader_a"].pk)
    assert user_scope(user, "org", "view").empty


def test_nested_grants_are_merged(world):
    from zeroharm.accounts.models import RoleAssignment

    RoleAssignment.objects.create(user=world.users["leader_a"], role="unit_leader", unit=world.unit("A1a"))
    user = type(world.users["leader_a"]).objects.get(pk=world.users["leader_a"].pk)
    assert user_scope(user, "org", "view").paths == [world.unit("A").path]


def _locked_incident(world):
    import datetime

    from django.utils import timezone

    from zeroharm.core.services import record_lock
    from zeroharm.incidents.services import incident_report

    incident = incident_report(
        acting_user=world.users["worker_a1a"],
        kind="near_miss",
        unit=world.unit("A1a"),
        occurred_at=timezone.now() - datetime.timedelta(hours=1),
        description="A pallet slid off the rack",
    )
    return record_lock(incident, None, related=("unit",))


def test_a_record_read_under_its_lock_is_judged_by_the_same_rule_without_a_query(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from zeroharm.core.roles import Action
    from zeroharm.core.scoping import can
    from zeroharm.incidents.models import Incident

    locked = _locked_incident(world)
    for persona, user in world.users.items():
        for action in Action.values:
            expected = Incident.objects.visible_to(user, action).filter(pk=locked.pk).exists()
            with CaptureQueriesContext(connection) as queries:
                assert can(user, action, locked) == expected, (persona, action)
            if persona != "worker_a1a":  # an employee's own records are asked of the database
                assert len(queries) == 0, (persona, action)


def test_a_unit_changed_since_the_lock_is_judged_as_stored(world):
    from zeroharm.core.scoping import can

    locked = _locked_incident(world)
    locked.unit = world.unit("B1a")  # not saved: the row is still in A1a
    assert can(world.users["leader_a"], "change", locked)
    assert not can(world.users["leader_b"], "change", locked)


@pytest.mark.parametrize("code", ["A1a", "B1a"])
def test_a_model_whose_own_records_are_more_than_the_owners_is_judged_without_a_query_too(world, code):
    """Hidden dangers reach an employee's reports and rectifications (scope_own_q): a user whose subtree holds the
    record is answered from the row as read, and the answer is always the lists' rule."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from zeroharm.core.roles import Action
    from zeroharm.core.scoping import can
    from zeroharm.core.services import record_lock
    from zeroharm.hazards.models import HiddenDanger

    reported = HiddenDanger.objects.create(
        unit=world.unit(code),
        location="Bay 3",
        description="Guard missing",
        found_on=timezone.localdate(),
        reported_by=world.users["worker_a1a"],
    )
    locked = record_lock(reported, None, related=("unit",))
    for persona, user in world.users.items():
        for action in Action.values:
            expected = HiddenDanger.objects.visible_to(user, action).filter(pk=locked.pk).exists()
            with CaptureQueriesContext(connection) as queries:
                assert can(user, action, locked) == expected, (persona, action)
            if persona != "worker_a1a":  # an employee's own records are asked of the database
                assert len(queries) == 0, (persona, action)


def test_a_scope_is_worked_out_once_per_request_for_each_area_and_action(world, client_for):
    """The menu asks for the user's scope once per entry and a list page a few times more: each (area, action) is
    worked out once, from the grants loaded once, like them kept on the request's user."""
    from unittest import mock

    from django.urls import reverse

    from zeroharm.core import scoping

    client = client_for("leader_a")
    client.get(reverse("hazards:hazard_list"))
    with mock.patch.object(scoping, "allowed_reach", wraps=scoping.allowed_reach) as reach:
        assert client.get(reverse("hazards:hazard_list")).status_code == 200
    asked = {(call.args[1], call.args[2]) for call in reach.call_args_list}
    assert reach.call_count == len(asked) * len(scoping.user_grants(world.users["leader_a"]))


def test_a_kept_scope_follows_the_users_flags(world):
    user = world.users["leader_a"]
    assert not user_scope(user, "org", "view").superuser
    user.is_superuser = True
    assert user_scope(user, "org", "view").superuser
    user.is_active = False
    assert user_scope(user, "org", "view").empty

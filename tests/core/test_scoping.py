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

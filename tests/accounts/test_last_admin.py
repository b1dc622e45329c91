"""The group keeps an administrator: no change of a role assignment, and no deactivation of a login, may leave the
root unit without an active administrator (an Administrator role at the root, or an active superuser).

In the test group, `admin` holds the only Administrator role at the root G.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from zeroharm.accounts.models import RoleAssignment, User

pytestmark = pytest.mark.django_db

REFUSAL = "without an active administrator"


@pytest.fixture
def own_role(world):
    return world.assignments["admin"]


def _still_admin(assignment) -> None:
    assignment.refresh_from_db()
    assert (assignment.role, assignment.unit.code, assignment.is_archived) == ("admin", "G", False)


def _edit_data(assignment, **changes) -> dict:
    return {
        "user": assignment.user_id,
        "role": assignment.role,
        "unit": assignment.unit_id,
        "version": assignment.version,
        **changes,
    }


def test_the_last_administrator_cannot_archive_their_role(world, client_for, own_role):
    response = client_for("admin").post(reverse("accounts:roleassignment_archive", args=[own_role.pk]), follow=True)
    assert response.status_code == 200
    assert REFUSAL in response.content.decode()
    _still_admin(own_role)


def test_the_last_administrator_cannot_delete_their_role(world, client_for, own_role):
    response = client_for("admin").post(reverse("accounts:roleassignment_delete", args=[own_role.pk]), follow=True)
    assert response.status_code == 200
    assert REFUSAL in response.content.decode()
    _still_admin(own_role)


@pytest.mark.parametrize("change", [{"role": "safety_manager"}, {"unit": "A"}])
def test_the_last_administrator_cannot_change_their_role_away(world, client_for, own_role, change):
    change = {k: world.unit(v).pk if k == "unit" else v for k, v in change.items()}
    response = client_for("admin").post(
        reverse("accounts:roleassignment_edit", args=[own_role.pk]), _edit_data(own_role, **change)
    )
    assert response.status_code == 200
    assert REFUSAL in str(response.context["form"].non_field_errors())
    _still_admin(own_role)


def test_the_last_administrator_cannot_deactivate_themself(world, client_for):
    admin = world.users["admin"]
    response = client_for("admin").post(
        reverse("accounts:user_edit", args=[admin.pk]), {"email": admin.email, "language": "", "is_active": ""}
    )
    assert response.status_code == 200
    assert REFUSAL in str(response.context["form"].errors)
    admin.refresh_from_db()
    assert admin.is_active


def test_the_api_refuses_with_a_400_and_says_why(world, client_for, own_role):
    c = client_for("admin")
    url = f"/api/v1/role-assignments/{own_role.pk}/"
    archived = c.post(f"{url}archive/", {"archived": True}, content_type="application/json")
    assert archived.status_code == 400
    assert REFUSAL in archived.json()["errors"][0]["detail"]
    changed = c.patch(url, {"role": "auditor", "version": own_role.version}, content_type="application/json")
    assert changed.status_code == 400
    assert REFUSAL in changed.json()["errors"][0]["detail"]
    _still_admin(own_role)


def test_a_second_administrator_at_the_root_lets_the_first_step_down(world, client_for, own_role):
    RoleAssignment.objects.create(user=world.users["safety"], role="admin", unit=world.unit("G"))
    c = client_for("admin")
    c.post(reverse("accounts:roleassignment_archive", args=[own_role.pk]))
    own_role.refresh_from_db()
    assert own_role.is_archived


def test_an_administrator_below_the_root_does_not_count(world, client_for, own_role):
    RoleAssignment.objects.create(user=world.users["leader_a"], role="admin", unit=world.unit("A"))
    client_for("admin").post(reverse("accounts:roleassignment_archive", args=[own_role.pk]))
    _still_admin(own_role)


def test_an_inactive_administrator_does_not_count(world, client_for, own_role):
    other = User.objects.create_user("retired", "retired@example.com", "Test-password-2026", is_active=False)
    RoleAssignment.objects.create(user=other, role="admin", unit=world.unit("G"))
    client_for("admin").post(reverse("accounts:roleassignment_archive", args=[own_role.pk]))
    _still_admin(own_role)


def test_an_active_superuser_counts_as_an_administrator(world, client_for, own_role):
    User.objects.create_superuser("root", "root@example.com", "Test-password-2026")
    client_for("admin").post(reverse("accounts:roleassignment_archive", args=[own_role.pk]))
    own_role.refresh_from_db()
    assert own_role.is_archived


def test_the_other_logins_and_roles_stay_editable(world, client_for):
    """Only a change that removes the last administrator is refused."""
    c = client_for("admin")
    leader_b = world.users["leader_b"]
    response = c.post(
        reverse("accounts:user_edit", args=[leader_b.pk]), {"email": leader_b.email, "language": "", "is_active": ""}
    )
    assert response.status_code == 302
    leader_b.refresh_from_db()
    assert not leader_b.is_active
    role = world.assignments["monitor_a1a"]
    c.post(reverse("accounts:roleassignment_archive", args=[role.pk]))
    role.refresh_from_db()
    assert role.is_archived


def test_a_group_already_without_an_administrator_may_still_be_repaired(world, client_for):
    """The rule refuses changes that remove the last administrator, not every change of a group that lacks one."""
    RoleAssignment.objects.filter(role="admin").update(unit=world.unit("A"))  # no administrator at the root
    role = world.assignments["monitor_a1a"]
    client_for("admin").post(reverse("accounts:roleassignment_archive", args=[role.pk]))
    role.refresh_from_db()
    assert role.is_archived

"""Responsibility lists for tests, made through the services the pages use."""

from __future__ import annotations

from django.utils import timezone

from tests.conftest import PASSWORD


def duties(n: int, prefix: str = "Duty") -> list[dict]:
    return [
        {"number": str(i), "text": f"{prefix} {i}", "scope": f"Scope {i}", "assessment": f"Standard {i}"}
        for i in range(1, n + 1)
    ]


def list_in_force(world, code="RL-1", *, unit="A", n=3, unit_role=None, position=None, approver="leader_a", today=None):
    """A list of `n` duties for a role or (default) the test group's welder post, approved by `approver`."""
    from zeroharm.responsibility.services.lists import list_create, version_approve

    data = {"unit": world.unit(unit), "code": code, "title": f"List {code}"}
    if unit_role:
        data["unit_role"] = unit_role
    else:
        data["position"] = position or world.position
    duty_list = list_create(data=data, duties=duties(n, code), acting_user=world.users["safety"])
    version_approve(
        version=duty_list.versions.get(),
        acting_user=world.users[approver],
        password=PASSWORD,
        expected_version=None,
        today=today or timezone.localdate(),
    )
    duty_list.refresh_from_db()
    return duty_list


def acknowledged(world, duty_list, persona="worker_a1a"):
    from zeroharm.responsibility.services.acknowledge import acknowledge

    return acknowledge(duty_list=duty_list, acting_user=world.users[persona], password=PASSWORD)

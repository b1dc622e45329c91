"""Units' tasks past their deadline in core.overdue (issue 15: "overdue tasks escalate like every other deadline"):
the count under a unit is the count its list shows (the units' tasks filtered to that subtree and overdue); a task
submitted or accepted is not overdue, a returned one is again; another branch's are not counted; a deadline still
to come is not late."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tests.campaigns.factories import assignment, campaign, pdf, submitted, task

pytestmark = pytest.mark.django_db


def _overdue(unit) -> tuple[int, str]:
    from zeroharm.core.overdue import overdue_in

    found = {item.kind.key: item for item in overdue_in(unit, timezone.localdate())}["campaigns"]
    return found.count, found.url


def _listed(client, address) -> int:
    response = client.get(address)
    assert response.status_code == 200
    return response.context["table"].paginator.count


@pytest.fixture
def late(world):
    """Branch A's two June tasks to A1 and A2 (A2 submitted the first), a task of A due next week to A1, and branch
    B's June task to B1: overdue, A1's two, A2's second and B1's; nothing due next week."""
    a = campaign(world)
    june = task(world, a)
    task(world, a, title="Study the cases")
    submitted(world, june, "A2", by="leader_a")
    today = timezone.localdate()
    week = datetime.timedelta(days=7)
    soon = campaign(world, name="Winter checks", start=today - week, end=today + week)
    task(world, soon, codes=("A1",), deadline=today + week, title="Check the heaters")
    task(world, campaign(world, code="B", by="leader_b", name="B month"), codes=("B1",), by="leader_b")
    return june


def test_the_count_under_a_unit_is_what_its_list_shows(world, client_for, late):
    leader_a, safety = client_for("leader_a"), client_for("safety")
    count, address = _overdue(world.unit("A"))
    assert count == 3 == _listed(leader_a, address)  # A1's two June tasks; A2 submitted one and not the other
    assert f"ancestor_id={world.unit('A').pk}" in address and "overdue=true" in address
    count, address = _overdue(world.unit("A1"))
    assert count == 2 == _listed(leader_a, address)
    count, address = _overdue(world.unit("A2"))
    assert count == 1 == _listed(leader_a, address)
    count, address = _overdue(world.unit("G"))
    assert count == 4 == _listed(safety, address)


def test_another_branchs_tasks_are_not_counted(world, client_for, late):
    assert _overdue(world.unit("B"))[0] == 1
    assert _overdue(world.unit("B1a"))[0] == 0
    assert _overdue(world.unit("A"))[0] == 3  # B1's is not among them


def test_a_submitted_or_accepted_task_is_not_overdue_and_a_returned_one_is_again(world, late):
    from zeroharm.campaigns.services.tasks import task_accept, task_return, task_submit

    item = assignment(late, world, "A1")
    item = task_submit(
        assignment=item, acting_user=world.users["director_a1"], expected_version=item.version, upload=pdf()
    )
    assert _overdue(world.unit("A1"))[0] == 1
    item = task_return(assignment=item, acting_user=world.users["leader_a"], expected_version=item.version, reason="?")
    assert _overdue(world.unit("A1"))[0] == 2
    item = task_submit(
        assignment=item, acting_user=world.users["director_a1"], expected_version=item.version, upload=pdf()
    )
    task_accept(assignment=item, acting_user=world.users["leader_a"], expected_version=item.version)
    assert _overdue(world.unit("A1"))[0] == 1

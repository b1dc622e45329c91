"""The home page's "My tasks" from campaigns: the pledge to sign (gone once signed) and the unit's task to submit
(gone once submitted, back when returned), each only for its own person."""

from __future__ import annotations

import pytest

from tests.campaigns.factories import assignment, campaign, published, submitted, task
from tests.conftest import PASSWORD
from zeroharm.campaigns.selectors.mine import pledges_to_sign, tasks_to_submit

pytestmark = pytest.mark.django_db


def _my_tasks(client) -> str:
    page = client.get("/")
    assert page.status_code == 200
    text = page.content.decode()
    return text[text.index('id="my-tasks"') : text.index("</section>", text.index('id="my-tasks"'))]


def test_the_pledge_to_sign_appears_and_goes_once_signed(world, client_for):
    from zeroharm.campaigns.services.pledge import pledge_sign

    made = campaign(world)
    client = client_for("worker_a1a")
    assert "Pledge to sign" not in _my_tasks(client)  # not published yet
    published(world, made)
    made.refresh_from_db()
    panel = _my_tasks(client)
    assert "Pledge to sign" in panel and f"/campaigns/{made.pk}/pledge/" in panel and made.name in panel
    pledge_sign(campaign=made, acting_user=world.users["worker_a1a"], password=PASSWORD)
    assert "Pledge to sign" not in _my_tasks(client)


def test_the_pledge_is_only_for_people_in_its_scope_and_while_it_runs(world):
    from zeroharm.campaigns.services.campaigns import campaign_close

    made = published(world, campaign(world, code="B", by="leader_b"), by="leader_b")
    assert pledges_to_sign(world.people["A1a"], 10) == (0, [])  # another branch's campaign
    assert pledges_to_sign(world.people["B1a"], 10) == (1, [made])
    made.refresh_from_db()
    campaign_close(campaign=made, acting_user=world.users["leader_b"], expected_version=made.version)
    assert pledges_to_sign(world.people["B1a"], 10) == (0, [])


@pytest.fixture
def director(world):
    """director_a1 is the person of A1, its principal person (whom the deadline scan reminds)."""
    person = world.people["A1"]
    person.user = world.users["director_a1"]
    person.save()
    unit = world.unit("A1")
    unit.principal = person
    unit.save()
    return person


def test_the_units_task_appears_for_its_principal_and_goes_once_submitted(world, client_for, director):
    from zeroharm.campaigns.services.tasks import task_return

    made_task = task(world, campaign(world))
    client = client_for("director_a1")
    panel = _my_tasks(client)
    assert "Campaign task" in panel and made_task.title in panel
    assert assignment(made_task, world).get_absolute_url() in panel
    assert tasks_to_submit(world.people["A2"], 10) == (0, [])  # A2's task is not theirs: A2 has no principal
    item = submitted(world, made_task)
    assert "Campaign task" not in _my_tasks(client)
    task_return(assignment=item, acting_user=world.users["leader_a"], expected_version=item.version, reason="Redo")
    assert "Campaign task" in _my_tasks(client)  # returned: to do again


def test_nobody_else_sees_it(world, client, client_for, director):
    made = published(world, campaign(world))
    task(world, made)
    assert client.get("/").status_code == 302  # no login
    assert "Campaign task" not in _my_tasks(client_for("leader_b"))  # another branch, no person
    assert "Campaign task" not in _my_tasks(client_for("worker_a1a"))  # not a principal person
    assert tasks_to_submit(world.people["A1"], 10)[0] == 1

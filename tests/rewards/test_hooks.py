"""What rewards and penalties add to the shared pages: the person's own "to acknowledge" on My tasks."""

from __future__ import annotations

import pytest

from tests.rewards.factories import approved

pytestmark = pytest.mark.django_db


def test_my_tasks_tell_two_waiting_acknowledgements_apart(world):
    from zeroharm.rewards.hooks import rewards_to_acknowledge

    approved(world, reason="Grinding without a face shield")
    approved(world, kind="warning", amount=None, reason="Ladder left unsecured at the silo " + "x" * 60)
    total, work = rewards_to_acknowledge(world.users["worker_a1a"], limit=5)
    assert total == 2
    fine, warning = sorted(item.title for item in work)
    assert fine == "Fine · Grinding without a face shield"
    assert warning.startswith("Warning · Ladder left unsecured at the silo xx")
    assert len(warning.split(" · ", 1)[1]) == 40 and warning.endswith("…")  # cut, not the whole reason

"""Rewards and penalties for tests, with their evidence, made through the services the pages use."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from tests.conftest import PASSWORD
from tests.factories import reported_hazard


def violation(world, code="A1a", *, person=None):
    """A violation (三违) of the unit's person, as the team's monitor records it."""
    from zeroharm.teams.models import Observation

    return Observation.objects.create(
        team=world.unit(code),
        observed_at=timezone.now() - datetime.timedelta(days=2),
        observer=world.people[code],
        kind="violation",
        violation_type="operation",
        person=person or world.people[code],
        description="No face shield at the grinder",
    )


def old_violation(world, code="A1a", *, newer=None):
    """A violation of last year in `code`, then `newer` ones since (by default as many as a list shows, so the
    newest listed leave it out)."""
    from zeroharm.core.evidence import CHOICES_SHOWN
    from zeroharm.teams.models import Observation

    old = violation(world, code)
    Observation.objects.filter(pk=old.pk).update(
        observed_at=timezone.now() - datetime.timedelta(days=400), description="Ladder without a harness at the silo"
    )
    for _ in range(CHOICES_SHOWN if newer is None else newer):
        violation(world, code)
    old.refresh_from_db()
    return old


def proposed(world, *, code="A1a", kind="fine", amount="200", reason="Grinding without a face shield", by="safety"):
    """A penalty (default: a fine) of the unit's person, resting on one of their violations."""
    from zeroharm.rewards.services.records import propose

    evidence = violation(world, code)
    data = {
        "person": world.people[code],
        "kind": kind,
        "amount": Decimal(amount) if amount else None,
        "reason": reason,
        "decided_on": timezone.localdate(),
    }
    return propose(data=data, evidence=[("teams.violation", evidence.pk)], acting_user=world.users[by])


def approved(world, *, by="leader_a", **kwargs):
    from zeroharm.rewards.services.records import approve

    record = proposed(world, **kwargs)
    return approve(record=record, acting_user=world.users[by], expected_version=record.version)


def recorded(world, **kwargs):
    """Approved, and acknowledged by the worker of A1a (the only person of the test group with a login)."""
    from zeroharm.rewards.services.records import acknowledge

    record = approved(world, **kwargs)
    return acknowledge(record=record, acting_user=world.users["worker_a1a"], password=PASSWORD)


def major_hazard(world, *, reporter="worker_a1a", assessor="leader_a"):
    """A hidden danger reported by `reporter` in A1a and assessed as major."""
    from zeroharm.hazards.services import hazard_assess

    hd = reported_hazard(world, "A1a", actor=reporter)
    return hazard_assess(hd=hd, acting_user=world.users[assessor], level="major", category="condition")

"""Jobs of training that run in the worker, never inside a request."""

from __future__ import annotations

import datetime

from django_tasks import task

__all__ = ["recount_clearance"]


@task()
def recount_clearance(day: str) -> str:
    """Work the cleared-to-work counts of `day` (ISO) out again: a reader found them behind a write
    (training.services.clearance_tallies)."""
    from zeroharm.training.services.clearance_tallies import count_clearance

    snapshot = count_clearance(datetime.date.fromisoformat(day))
    return f"{snapshot.not_cleared} of {snapshot.people} not cleared to work on {day}"

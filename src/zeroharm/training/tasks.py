"""Jobs of training that run in the worker, never inside a request."""

from __future__ import annotations

import datetime

from django_tasks import task

__all__ = ["recount_clearance"]


@task()
def recount_clearance(day: str, kind: str = "cleared") -> str:
    """Work the kept counts of `kind` ("cleared" or "coverage") of `day` (ISO) out again: a reader found them behind
    a write (training.services.clearance_tallies)."""
    from zeroharm.training.services.clearance_tallies import count_clearance, count_coverage

    count = count_coverage if kind == "coverage" else count_clearance
    snapshot = count(datetime.date.fromisoformat(day))
    return f"{snapshot.kind} counts of {day}: {snapshot.people} people"

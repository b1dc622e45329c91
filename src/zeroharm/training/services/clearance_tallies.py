"""The cleared-to-work counts of every unit on a day, and the training matrix's coverage counts, worked out for the
whole group at once and kept (training.models.tallies): the home page's "people not cleared to work" and the
indicators' cleared share and training coverage read a sum over a subtree's rows, a few milliseconds, instead of
judging up to thousands of people at each view (half a second, and a second for the coverage, for the demo group of
3,000).

When a kept count holds:
- **today**: while the fingerprint of the facts it was judged on is unchanged. After a write, a count less than
  `STALE_GRACE` old is still shown while the worker works it out again (queued once); an older one, or none, is
  worked out in the request (no worker running: at most one reader in `STALE_GRACE` pays for it).
- **a day that is over** (an indicator's month end): as today, or for `PAST_HOURS` after it was worked out even if
  facts changed since (a record entered late for that day). The scan refreshes them.

The verdict is the one the roster gives (training.selectors.uncleared equals training.rules.clearance.judge,
tests/training/test_uncleared.py); only when it is worked out differs."""

from __future__ import annotations

import datetime
import hashlib
from collections import Counter

from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django_tasks import task

from zeroharm.core.indicators import remembered
from zeroharm.core.scoping import subtree_q
from zeroharm.org.choices import PersonStatus
from zeroharm.org.models import OrgUnit, Person
from zeroharm.training.models import (
    Certificate,
    CertificateReview,
    ClearanceSnapshot,
    ClearanceTally,
    Course,
    Induction,
    InductionLevelPlan,
    Requirement,
    TrainingRecord,
)
from zeroharm.training.selectors.uncleared import not_cleared

__all__ = [
    "clearance_counts",
    "coverage_counts",
    "count_clearance",
    "count_coverage",
    "facts_fingerprint",
    "refresh_counts",
    "recount_clearance",
    "STALE_GRACE",
    "PAST_HOURS",
]
CLEARED, COVERAGE = ClearanceSnapshot.CLEARED, ClearanceSnapshot.COVERAGE

STALE_GRACE = datetime.timedelta(minutes=5)  # the most a shown count may lag a write when no worker runs
PAST_HOURS = datetime.timedelta(hours=6)
_FACTS = (TrainingRecord, Certificate, CertificateReview, Induction, Requirement, Course, OrgUnit, Person)


def facts_fingerprint() -> str:
    """A hash of what every verdict is judged on, in one statement (7 ms on the demo): per table the count, the sums
    of ids and versions and the latest change, so any insert, delete or step of a service changes it (as
    training.selectors.stamps does per person)."""
    parts = [
        f"SELECT COUNT(*), SUM(id), SUM(version), MAX(updated_at) FROM {model._meta.db_table}"  # noqa: S608
        for model in _FACTS
    ]
    order = connection.ops.quote_name("order")
    levels = InductionLevelPlan._meta.db_table
    parts.append(f"SELECT COUNT(*), SUM(id), SUM({order}), NULL FROM {levels}")  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))
        figures = cursor.fetchall()
    return hashlib.sha1(repr(figures).encode(), usedforsecurity=False).hexdigest()


def _active_people():
    return Person.objects.filter(status=PersonStatus.ACTIVE, is_archived=False).order_by()


def count_clearance(day: datetime.date) -> ClearanceSnapshot:
    """Judge every active person on `day` in one statement and keep each unit's own figures (replacing the day's)."""
    fingerprint = facts_fingerprint()  # taken first: a write during the count leaves it stale, never wrong
    people = _active_people()
    totals = dict(people.values_list("unit_id").annotate(n=Count("id")).values_list("unit_id", "n"))
    blocked = Counter(not_cleared(people, day).values_list("unit_id", flat=True))
    rows = {pk: {"people": n, "not_cleared": blocked[pk]} for pk, n in totals.items()}
    return _keep(CLEARED, day, fingerprint, rows)


def count_coverage(day: datetime.date) -> ClearanceSnapshot:
    """The training matrix of every top unit on `day` (a second for 3,000 people), kept per unit: its people, those
    with a requirement and those meeting every one (the figures page's coverage, selectors.matrix.Totals)."""
    from zeroharm.training.selectors.matrix import matrix_for

    fingerprint = facts_fingerprint()
    rows: dict[int, dict] = {}
    for root in OrgUnit.objects.filter(depth=1):
        for row in matrix_for(root, day).rows:
            figures = rows.setdefault(row.person.unit_id, {"people": 0, "required": 0, "met": 0})
            figures["people"] += 1
            if row.cells:
                figures["required"] += 1
                figures["met"] += not row.red
    return _keep(COVERAGE, day, fingerprint, rows)


def _keep(kind: str, day: datetime.date, fingerprint: str, rows: dict[int, dict]) -> ClearanceSnapshot:
    """Replace the day's snapshot of `kind` by these per-unit figures."""
    paths = dict(OrgUnit.objects.filter(pk__in=rows).values_list("pk", "path"))
    totals = {"people": sum(r["people"] for r in rows.values())}
    if kind == CLEARED:
        totals["not_cleared"] = sum(r["not_cleared"] for r in rows.values())
    try:
        with transaction.atomic():
            ClearanceSnapshot.objects.filter(kind=kind, day=day).delete()
            snapshot = ClearanceSnapshot.objects.create(
                kind=kind, day=day, computed_at=timezone.now(), fingerprint=fingerprint, **totals
            )
            ClearanceTally.objects.bulk_create(
                ClearanceTally(snapshot=snapshot, unit_id=pk, path=paths[pk], **figures) for pk, figures in rows.items()
            )
    except IntegrityError:  # another process kept the same day meanwhile: theirs is as good
        return ClearanceSnapshot.objects.get(kind=kind, day=day)
    return snapshot


def _usable(snapshot: ClearanceSnapshot | None, day: datetime.date, fingerprint: str, now) -> str:
    """ "fresh", "grace" (shown while it is worked out again) or "" (work it out now)."""
    if snapshot is None:
        return ""
    if snapshot.fingerprint == fingerprint:
        return "fresh"
    if day < timezone.localdate(now) and timezone.localdate(snapshot.computed_at) > day:
        return "fresh" if now - snapshot.computed_at < PAST_HOURS else ""
    return "grace" if now - snapshot.computed_at < STALE_GRACE else ""


_COUNT = {CLEARED: count_clearance, COVERAGE: count_coverage}


@task()
def recount_clearance(day: str, kind: str = CLEARED) -> str:
    """The worker's job: the kept counts of `kind` of `day` (ISO) worked out again, a reader having found them
    behind a write. Defined beside the counts it keeps, so that queueing it imports nothing back."""
    snapshot = _COUNT[kind](datetime.date.fromisoformat(day))
    return f"{snapshot.kind} counts of {day}: {snapshot.people} people"


def _queue_recount(kind: str, day: datetime.date) -> None:
    """Once a minute at most per kind and day (a shared cache key), whatever the number of readers."""
    if cache.add(f"zeroharm:training.recount:{kind}:{day.isoformat()}", 1, 60):
        transaction.on_commit(lambda: recount_clearance.enqueue(day.isoformat(), kind))


def _snapshot(kind: str, day: datetime.date) -> ClearanceSnapshot:
    """The day's usable snapshot; within `core.indicators.measuring()` (an assessment of every agreement, the
    indicators' months) looked up once per kind and day, not once per unit."""
    return remembered(("training.snapshot", kind, day), lambda: _usable_snapshot(kind, day))


def _usable_snapshot(kind: str, day: datetime.date) -> ClearanceSnapshot:
    now = timezone.now()
    snapshot = ClearanceSnapshot.objects.filter(kind=kind, day=day).first()
    state = _usable(snapshot, day, facts_fingerprint(), now)
    if state == "grace":
        _queue_recount(kind, day)
    return snapshot if state else _COUNT[kind](day)


def _summed(kind: str, unit, day: datetime.date, **sums) -> dict:
    tallies = ClearanceTally.objects.filter(snapshot=_snapshot(kind, day)).filter(subtree_q(unit.path, ""))
    summed = tallies.aggregate(**{name: Sum(field) for name, field in sums.items()})
    return {name: value or 0 for name, value in summed.items()}


def clearance_counts(unit, day: datetime.date) -> tuple[int, int]:
    """(active people, of whom not cleared to work on `day`) of the unit's subtree, from the kept counts."""
    summed = _summed(CLEARED, unit, day, people="people", blocked="not_cleared")
    return summed["people"], summed["blocked"]


def coverage_counts(unit, day: datetime.date) -> tuple[int, int]:
    """(people with a training requirement, of whom meeting every one on `day`) of the unit's subtree, kept."""
    summed = _summed(COVERAGE, unit, day, required="required", met="met")
    return summed["required"], summed["met"]


def refresh_counts(today: datetime.date, month_ends: list[datetime.date]) -> str:
    """The scan's work: today's counts and each month end's, of both kinds, where they no longer hold; other days
    dropped."""
    fingerprint, now, done = facts_fingerprint(), timezone.now(), 0
    days = [today, *month_ends]
    kept = {(s.kind, s.day): s for s in ClearanceSnapshot.objects.filter(day__in=days)}
    for kind, count in _COUNT.items():
        for day in days:
            if _usable(kept.get((kind, day)), day, fingerprint, now) != "fresh":
                count(day)
                done += 1
    ClearanceSnapshot.objects.exclude(day__in=days).filter(day__lt=today).delete()
    return f"{done} training counts worked out"

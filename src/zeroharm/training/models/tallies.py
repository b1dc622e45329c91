"""How many people each unit has and how many of them are not cleared to work, or meet every training requirement,
on a day: worked out for the whole group at once (not cleared: one statement, training.selectors.uncleared;
coverage: the training matrix) and kept, so that the home page and the indicators read a sum over a subtree's rows
instead of judging thousands of people at each view (training.services.clearance_tallies).

The snapshot of a day names the *fingerprint* of the facts it was judged on (counts, sums of ids and versions and the
latest change of the training tables, the people and the units): today's figures are used while it still matches;
after any write they are worked out again (by the worker when it runs, else by the next reader)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["ClearanceSnapshot", "ClearanceTally"]


class ClearanceSnapshot(models.Model):
    """One day's counts of one kind: who is cleared to work (training.selectors.uncleared, one statement), or the
    training matrix's coverage (training.selectors.matrix: people whose every requirement is met)."""

    CLEARED, COVERAGE = "cleared", "coverage"
    KINDS = ((CLEARED, _("cleared to work")), (COVERAGE, _("training coverage")))

    kind = models.CharField(max_length=10, choices=KINDS, default=CLEARED)
    day = models.DateField(verbose_name=_("day"))
    computed_at = models.DateTimeField(verbose_name=_("worked out at"))
    fingerprint = models.CharField(max_length=40)
    people = models.PositiveIntegerField(default=0)
    not_cleared = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("cleared-to-work count")
        verbose_name_plural = _("cleared-to-work counts")
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["kind", "day"], name="clearance_snapshot_once_per_day")]

    def __str__(self):
        return f"{self.kind} {self.day:%Y-%m-%d}"


class ClearanceTally(models.Model):
    """The unit's own active people (not its subtree's) on the snapshot's day, and those not cleared; or, for a
    coverage snapshot, those with a requirement and those of them who meet every one."""

    snapshot = models.ForeignKey(ClearanceSnapshot, on_delete=models.CASCADE, related_name="tallies")
    unit = models.ForeignKey("org.OrgUnit", on_delete=models.CASCADE, related_name="+")
    path = models.CharField(max_length=255)  # the unit's path when counted: a subtree is a prefix
    people = models.PositiveIntegerField(default=0)
    not_cleared = models.PositiveIntegerField(default=0)
    required = models.PositiveIntegerField(default=0)
    met = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("cleared-to-work count of a unit")
        verbose_name_plural = _("cleared-to-work counts of units")
        constraints = [models.UniqueConstraint(fields=["snapshot", "unit"], name="clearance_tally_once_per_unit")]
        indexes = [models.Index(fields=["snapshot", "path"])]

    def __str__(self):
        return f"{self.unit_id} · {self.not_cleared}/{self.people}"

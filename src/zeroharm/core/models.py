"""Abstract bases for every domain record: scoping, history, optimistic locking, archiving.

core holds no concrete domain models; each app's records inherit `DomainModel`. Its one table, `UnitTally`, is
platform bookkeeping (core.tallies), like the cache's.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zeroharm.core.scoping import ScopedModelMixin, ScopedQuerySet

__all__ = ["DomainModel", "DomainManager", "UnitTally"]

DomainManager = models.Manager.from_queryset(ScopedQuerySet)


class DomainModel(ScopedModelMixin, models.Model):
    """A scoped, audited, archivable record.

    `version` is the optimistic lock: every save through `core.services.record_update` compares the
    version the editor loaded with the stored one, so a second editor cannot silently overwrite
    the first (see core.services.ConcurrentEditError).
    """

    version = models.PositiveIntegerField(verbose_name=_("version"), default=1, editable=False)
    created_at = models.DateTimeField(verbose_name=_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(verbose_name=_("updated"), auto_now=True)
    is_archived = models.BooleanField(verbose_name=_("archived"), default=False, db_index=True)

    history = HistoricalRecords(inherit=True, excluded_fields=["updated_at"])
    objects = DomainManager()

    class Meta:
        abstract = True


class UnitTally(models.Model):
    """How many records of one tally (core.tallies) one unit has, on one day of a dated tally.

    `unit_id` is the org unit's id without a foreign key: core sits below org (the platform knows no app's
    tables), and units are archived, never deleted while records refer to them.
    """

    unit_id = models.BigIntegerField(verbose_name=_("unit"))
    key = models.CharField(verbose_name=_("tally"), max_length=100)
    day = models.DateField(verbose_name=_("day"))
    n = models.IntegerField(verbose_name=_("count"))

    class Meta:
        verbose_name = _("unit tally")
        verbose_name_plural = _("unit tallies")
        constraints = [models.UniqueConstraint(fields=["unit_id", "key", "day"], name="core_tally_unit_key_day")]
        # A scope's sum: a range of keys and days, read from the index alone (every unit of the group at once).
        indexes = [models.Index(fields=["key", "day", "unit_id", "n"], name="core_tally_sum")]

    def __str__(self):
        return f"{self.key} · unit {self.unit_id} · {self.day}: {self.n}"

"""Abstract bases for every domain record: scoping, history, optimistic locking, archiving.

core holds no concrete domain models; each app's records inherit `DomainModel`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zeroharm.core.scoping import ScopedModelMixin, ScopedQuerySet

__all__ = ["DomainModel", "DomainManager"]

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

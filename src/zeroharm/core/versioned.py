"""Versioned documents: a document (an operating procedure, a responsibility list…) whose text lives in numbered
versions. A version is written as a draft (one at a time), approved by a signature, then in force from that day,
the one before it superseded; a version in force is never edited: changing it writes the next draft, which starts
as a copy of the items in force. The services are in core.versioning, the draft's and approval's pages in
core.views_versioning.

An app's version model inherits `DocumentVersion`, names its document's foreign key and its items' related name,
and takes its two constraints from `version_constraints`:

    class ProcedureVersion(CatalogueScope, DocumentVersion, DomainModel):
        document_field, items_name, items_order = "procedure", "clauses", "position"
        procedure = models.ForeignKey(Procedure, related_name="versions", ...)

        class Meta:
            constraints = version_constraints("procedure", "procedure")
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

__all__ = ["VersionStatus", "DocumentVersion", "version_constraints"]


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_FORCE = "in_force", _("In force")
    SUPERSEDED = "superseded", _("Superseded")


class DocumentVersion(models.Model):
    """A version's number, status, change note and approval. The document is the model's `document_field`, a
    foreign key whose related name is "versions"; the document has a `current` foreign key to its version in
    force."""

    document_field: ClassVar[str] = ""
    items_name: ClassVar[str] = ""  # the related name of the version's numbered items
    items_order: ClassVar[str] = "order"  # the items' order field

    number = models.PositiveSmallIntegerField(verbose_name=_("version"))
    status = models.CharField(
        verbose_name=_("status"), max_length=12, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    change_note = models.TextField(verbose_name=_("what changed"), blank=True)
    effective_on = models.DateField(verbose_name=_("in force from"), null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    approved_at = models.DateTimeField(verbose_name=_("approved at"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def document(self):
        return getattr(self, self.document_field)

    def ordered_items(self):
        return getattr(self, self.items_name).order_by(self.items_order)


def version_constraints(document_field: str, prefix: str) -> list[models.BaseConstraint]:
    """A number once per document, and one draft at a time: a second editor continues the first's draft rather
    than forking it."""
    return [
        models.UniqueConstraint(fields=[document_field, "number"], name=f"{prefix}_version_number"),
        models.UniqueConstraint(
            fields=[document_field], condition=Q(status=VersionStatus.DRAFT), name=f"{prefix}_one_draft"
        ),
    ]

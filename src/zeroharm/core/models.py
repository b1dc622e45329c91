"""Abstract bases for every domain record: scoping, history, optimistic locking, archiving.

core holds no concrete domain models; each app's records inherit `DomainModel`. Its tables are platform
bookkeeping: `UnitTally` (core.tallies), the signatures (core.signatures) and `FileJob` (core.filejobs).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zeroharm.core.scoping import ScopedModelMixin, ScopedQuerySet

__all__ = [
    "DomainModel",
    "DomainManager",
    "UnitTally",
    "Signature",
    "SignatureMeaning",
    "SignatureEvent",
    "SignatureEventKind",
    "FileJob",
    "FileJobStatus",
]

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


class SignatureMeaning(models.TextChoices):
    """What a signature says (21 CFR 11.50(a)(3); 编制/审核/批准/知悉/负责)."""

    AUTHORED = "authored", _("authored")
    REVIEWED = "reviewed", _("reviewed")
    APPROVED = "approved", _("approved")
    ACKNOWLEDGED = "acknowledged", _("acknowledged")
    RESPONSIBLE = "responsible", _("responsible (held and recorded)")
    PARTY_A = "party_a", _("signed as party A")
    PARTY_B = "party_b", _("signed as party B")
    # A leader attests that the people listed signed a paper sheet before them (a pledge read at a team meeting).
    WITNESSED = "witnessed", _("witnessed: signed before me")


class Signature(models.Model):
    """One electronic signature on one version of one record (core.signatures): who, when, meaning, how they proved
    it was them, and the SHA-256 of the record's content as signed. Append-only: it is never edited, and it stops
    being valid when the record's content no longer hashes to `content_sha256` (电子签名法 Art. 13(3)(4)).

    The record is named by content type and id, not by a foreign key: core knows no domain table."""

    content_type = models.ForeignKey(
        "contenttypes.ContentType", verbose_name=_("record type"), on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(verbose_name=_("record"))
    record_version = models.PositiveIntegerField(verbose_name=_("record version"))
    meaning = models.CharField(verbose_name=_("meaning"), max_length=16, choices=SignatureMeaning.choices)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("signer"), on_delete=models.PROTECT, related_name="signatures"
    )
    signer_name = models.CharField(verbose_name=_("printed name"), max_length=150)
    signed_at = models.DateTimeField(verbose_name=_("signed at"))
    content = models.TextField(verbose_name=_("content as signed"), help_text=_("Canonical JSON."))
    content_sha256 = models.CharField(verbose_name=_("content SHA-256"), max_length=64)
    auth_method = models.CharField(verbose_name=_("authentication"), max_length=32)
    ip_address = models.GenericIPAddressField(verbose_name=_("IP address"), null=True, blank=True)
    user_agent = models.CharField(verbose_name=_("browser"), max_length=300, blank=True)
    # The signature as drawn on the screen, when the signer drew one: an appearance beside the evidence above, not a
    # proof of identity (the password is). Its SHA-256 shows whether the stored image is the one drawn.
    drawing = models.FileField(
        verbose_name=_("drawn signature"), upload_to="signatures/%Y/%m/", blank=True, editable=False
    )
    drawing_sha256 = models.CharField(verbose_name=_("drawing SHA-256"), max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["signed_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="core_signature_record")]

    def __str__(self):
        return f"{self.signer_name} · {self.get_meaning_display()} · {self.signed_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("A signature is never changed once made.")
        super().save(*args, **kwargs)


class SignatureEventKind(models.TextChoices):
    SIGNED = "signed", _("signed")
    REFUSED = "refused", _("refused: wrong password")
    REVOKED = "revoked", _("revoked")


class SignatureEvent(models.Model):
    """The append-only audit log of signing (core.signatures): every signature made, every attempt refused for a wrong
    password, every revocation, on one record (named by content type and id, as a signature's is). A refused attempt
    is written after its transaction rolled back (core.signatures.refusals_write), so the refusal is kept while the
    step it would have signed is not."""

    kind = models.CharField(verbose_name=_("event"), max_length=8, choices=SignatureEventKind.choices)
    content_type = models.ForeignKey(
        "contenttypes.ContentType", verbose_name=_("record type"), on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(verbose_name=_("record"))
    record_version = models.PositiveIntegerField(verbose_name=_("record version"))
    meaning = models.CharField(verbose_name=_("meaning"), max_length=16, choices=SignatureMeaning.choices)
    signature = models.ForeignKey(
        Signature, verbose_name=_("signature"), null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="signature_events"
    )
    at = models.DateTimeField(verbose_name=_("at"))
    content_sha256 = models.CharField(verbose_name=_("content SHA-256"), max_length=64)
    reason = models.CharField(verbose_name=_("reason"), max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(verbose_name=_("IP address"), null=True, blank=True)
    user_agent = models.CharField(verbose_name=_("browser"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("signature event")
        verbose_name_plural = _("signature events")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="core_sigevent_record")]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.get_meaning_display()} · {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("The signing log is never changed.")
        super().save(*args, **kwargs)


class FileJobStatus(models.TextChoices):
    QUEUED = "queued", _("waiting for the worker")
    RUNNING = "running", _("being made")
    DONE = "done", _("ready")
    FAILED = "failed", _("failed")


class FileJob(models.Model):
    """A file (a report's PDF, a label sheet) made by the worker for one user, too large to make inside a request:
    asked for on a page, its progress shown while it is made, then offered to that user alone (core.filejobs)."""

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)  # the file's address, not guessable
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=60)  # a maker registered with core.filejobs.register_file_maker
    title = models.CharField(max_length=200)
    params = models.JSONField(default=dict, blank=True)
    language = models.CharField(max_length=15)
    status = models.CharField(max_length=10, choices=FileJobStatus.choices, default=FileJobStatus.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="files/", blank=True)  # stored under a made name: files/<key>.<suffix>
    filename = models.CharField(max_length=200, blank=True)  # the name it is downloaded under
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["owner", "-created_at"], name="core_filejob_owner")]

    def __str__(self):
        return self.title

    @property
    def percent(self) -> int:
        if self.status == FileJobStatus.DONE:
            return 100
        return min(99, self.done * 100 // self.total) if self.total else 0

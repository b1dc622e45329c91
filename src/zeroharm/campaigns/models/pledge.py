"""The pledge (倡议书) of a campaign, published to everyone in its scope: each person's signature "read and
acknowledged" (core.signatures), at most one per person and campaign, so coverage counts each person once.

A person signs on their own phone (their own signature), or on the paper sheet their team leader reads the pledge
from at a team meeting: most of a plant's staff have no login. The leader then records the sheet (PledgeSheet): who
signed it, the day it was read and a photo of it, attested by the leader's own signature (meaning "witnessed") over
that list — one signature for the sheet, one PledgeSignature per person on it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zeroharm.campaigns.models.campaigns import Campaign
from zeroharm.core.models import DomainManager
from zeroharm.core.scoping import ScopedModelMixin

__all__ = ["PledgeSheet", "PledgeSignature"]


class PledgeSheet(ScopedModelMixin, models.Model):
    """A paper sheet of signatures under the pledge, read at a meeting of `unit` and recorded by its leader."""

    scope_area = "campaigns"
    scope_unit_field = "unit"
    scope_owner_field = "recorded_by"

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="pledge_sheets"
    )
    unit = models.ForeignKey("org.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    read_on = models.DateField(verbose_name=_("read on"))
    photo = models.FileField(verbose_name=_("photo of the sheet"), upload_to="campaigns/%Y/%m/", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    signature = models.OneToOneField(
        "core.Signature", verbose_name=_("signature"), on_delete=models.PROTECT, related_name="+", null=True
    )

    objects = DomainManager()

    class Meta:
        verbose_name = _("signed pledge sheet")
        verbose_name_plural = _("signed pledge sheets")
        ordering = ["campaign", "-read_on", "-id"]

    def __str__(self):
        return f"{self.unit} · {self.read_on:%Y-%m-%d}"


class PledgeSignature(ScopedModelMixin, models.Model):
    scope_area = "campaigns"
    scope_unit_field = "person__unit"
    scope_owner_field = "person__user"

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="pledge_signatures"
    )
    person = models.ForeignKey("org.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="+")
    # Their own signature, or the leader's over the sheet they signed (shared by everyone on it).
    signature = models.ForeignKey(
        "core.Signature", verbose_name=_("signature"), on_delete=models.PROTECT, related_name="+"
    )
    sheet = models.ForeignKey(
        PledgeSheet,
        verbose_name=_("paper sheet"),
        on_delete=models.PROTECT,
        related_name="signatures",
        null=True,
        blank=True,
    )
    signed_at = models.DateTimeField(verbose_name=_("signed at"))

    objects = DomainManager()

    class Meta:
        verbose_name = _("pledge signature")
        verbose_name_plural = _("pledge signatures")
        ordering = ["campaign", "signed_at", "id"]
        constraints = [models.UniqueConstraint(fields=["campaign", "person"], name="campaign_pledge_once_per_person")]

    def __str__(self):
        return f"{self.person} · {self.signed_at:%Y-%m-%d %H:%M}"

"""The pledge (倡议书) of a campaign, published to everyone in its scope: each person's signature "read and
acknowledged" (core.signatures), at most one per person and campaign, so coverage counts each person once."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from zeroharm.campaigns.models.campaigns import Campaign
from zeroharm.core.models import DomainManager
from zeroharm.core.scoping import ScopedModelMixin

__all__ = ["PledgeSignature"]


class PledgeSignature(ScopedModelMixin, models.Model):
    scope_area = "campaigns"
    scope_unit_field = "person__unit"
    scope_owner_field = "person__user"

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="pledge_signatures"
    )
    person = models.ForeignKey("org.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="+")
    signature = models.OneToOneField(
        "core.Signature", verbose_name=_("signature"), on_delete=models.PROTECT, related_name="+"
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

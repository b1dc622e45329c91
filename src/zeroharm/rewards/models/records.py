"""Rewards and penalties (奖惩) of a person or a unit: the kind, the amount for the kinds that are money, the reason,
and the evidence it rests on (records of other domains, cited through core.evidence: never free text alone). Proposed,
approved by a role with APPROVE on "rewards" (not the proposer), then acknowledged by the person — or the unit's
principal person — with their signature (core.signatures), which records it in their file."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zeroharm.core.links import record_url
from zeroharm.core.models import DomainManager, DomainModel
from zeroharm.core.scoping import ScopedModelMixin
from zeroharm.rewards.choices import MAX_AMOUNT, REWARDS, WITH_MONEY, Kind, State

__all__ = ["RewardPenalty", "Evidence"]


class RewardPenalty(DomainModel):
    scope_area = "rewards"
    scope_unit_field = "unit"
    scope_owner_field = "person__user"

    unit = models.ForeignKey("org.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        "org.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rewards_penalties",
        help_text=_("Leave empty when the unit itself is rewarded or penalised."),
    )
    kind = models.CharField(verbose_name=_("kind"), max_length=16, choices=Kind.choices)
    amount = models.DecimalField(verbose_name=_("amount (CNY)"), max_digits=10, decimal_places=2, null=True, blank=True)
    reason = models.TextField(verbose_name=_("reason"), max_length=2000)
    decided_on = models.DateField(verbose_name=_("date"), db_index=True)
    state = models.CharField(
        verbose_name=_("state"), max_length=12, choices=State.choices, default=State.PROPOSED, editable=False
    )
    rule = models.CharField(verbose_name=_("proposed by rule"), max_length=40, blank=True, editable=False)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved or rejected by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    decided_at = models.DateTimeField(verbose_name=_("approved or rejected at"), null=True, blank=True, editable=False)
    decision_note = models.CharField(verbose_name=_("approver's note"), max_length=500, blank=True, editable=False)
    signature = models.OneToOneField(
        "core.Signature",
        verbose_name=_("acknowledgement signature"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    acknowledged_at = models.DateTimeField(verbose_name=_("acknowledged at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("reward or penalty")
        verbose_name_plural = _("rewards and penalties")
        ordering = ["-decided_on", "-id"]
        indexes = [models.Index(fields=["unit", "decided_on"]), models.Index(fields=["person", "decided_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gt=0), name="rewardpenalty_amount_positive"
            ),
        ]

    def __str__(self):
        who = self.person.name if self.person_id else self.unit.name
        return f"{self.get_kind_display()} · {who} · {self.decided_on:%Y-%m-%d}"

    def get_absolute_url(self):
        return record_url("rewards:rewardpenalty_detail", self.pk)

    @classmethod
    def scope_own_q(cls, user) -> Q:
        """Their own, and those of a unit whose principal person they are (they acknowledge them)."""
        return Q(person__user=user) | Q(person__isnull=True, unit__principal__user=user)

    @property
    def reference(self) -> str:
        return f"RP-{self.pk:06d}" if self.pk else "RP-new"

    @property
    def is_reward(self) -> bool:
        return self.kind in REWARDS

    def clean(self):
        super().clean()
        if self.kind in WITH_MONEY:
            if self.amount is None or self.amount <= 0:
                raise ValidationError(
                    {"amount": _("A %(kind)s is an amount of money: enter it.") % {"kind": self.get_kind_display()}}
                )
            if self.amount > MAX_AMOUNT:
                raise ValidationError(
                    {
                        "amount": _("An amount above %(max)s needs a decision outside this register.")
                        % {"max": MAX_AMOUNT}
                    }
                )
        elif self.amount is not None:
            raise ValidationError(
                {"amount": _("A %(kind)s carries no amount of money.") % {"kind": self.get_kind_display()}}
            )
        if self.person_id and self.unit_id and self.person.unit_id != self.unit_id:
            raise ValidationError({"person": _("The person belongs to another unit.")})


class Evidence(ScopedModelMixin, models.Model):
    """One record a reward or penalty rests on (any domain's: its kind, content type and id) and its text when it was
    cited, so the register reads without opening every domain."""

    scope_area = "rewards"
    scope_unit_field = "record__unit"
    scope_owner_field = "record__person__user"

    record = models.ForeignKey(
        RewardPenalty, verbose_name=_("reward or penalty"), on_delete=models.CASCADE, related_name="evidence"
    )
    kind = models.CharField(verbose_name=_("kind of evidence"), max_length=40)
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    text = models.CharField(verbose_name=_("evidence"), max_length=500)

    objects = DomainManager()

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["record", "id"]
        constraints = [
            models.UniqueConstraint(fields=["record", "content_type", "object_id"], name="evidence_cited_once")
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return self.text

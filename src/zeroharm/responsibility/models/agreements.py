"""Safety responsibility agreements (安全生产目标责任书), issue 14 points 3 and 4: templates per level with clauses and
targets bound to the indicators of core.indicators, and the year's agreements issued down the tree, each a copy of
its template's clauses and targets at issue time (a later template edit does not touch an issued agreement), sent,
and signed by both parties' first leaders. The issuer's own agreement of the year is the parent: a child's targets
are at least as strict as its parent's (responsibility.services.strictness)."""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zeroharm.core.links import record_url
from zeroharm.core.models import DomainManager, DomainModel
from zeroharm.core.scoping import ScopedModelMixin
from zeroharm.core.wording import bracketed
from zeroharm.responsibility.choices import AgreementLevel, AgreementStatus, Comparison, TargetStanding
from zeroharm.responsibility.models.scoping import ChainAboveScope

__all__ = ["AgreementTemplate", "TemplateTarget", "Agreement", "AgreementTarget"]


class TargetFields(models.Model):
    """A target: an indicator (a key of core.indicators), a comparison and a value, with its weight and veto."""

    indicator = models.CharField(verbose_name=_("indicator"), max_length=64)
    comparison = models.CharField(verbose_name=_("comparison"), max_length=2, choices=Comparison.choices)
    value = models.DecimalField(verbose_name=_("value"), max_digits=12, decimal_places=2)
    weight = models.DecimalField(
        verbose_name=_("weight"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    veto = models.BooleanField(
        verbose_name=_("veto"), default=False, help_text=_("Missing this target fails the whole agreement.")
    )
    order = models.PositiveSmallIntegerField(verbose_name=_("order"), default=0)

    class Meta:
        abstract = True


class AgreementTemplate(DomainModel):
    """Written by a unit for the agreements it issues at one level; the year is optional (a standing template)."""

    scope_area = "responsibility"
    scope_unit_field = "unit"

    unit = models.ForeignKey(
        "org.OrgUnit", verbose_name=_("issuing unit"), on_delete=models.PROTECT, related_name="agreement_templates"
    )
    level = models.CharField(verbose_name=_("level"), max_length=20, choices=AgreementLevel.choices)
    title = models.CharField(verbose_name=_("title"), max_length=200)
    clauses = models.TextField(verbose_name=_("clauses"), max_length=20000)
    year = models.PositiveSmallIntegerField(verbose_name=_("year"), null=True, blank=True)

    class Meta:
        verbose_name = _("agreement template")
        verbose_name_plural = _("agreement templates")
        ordering = ["unit", "level", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return record_url("responsibility:agreementtemplate_detail", self.pk)


class TemplateTarget(ScopedModelMixin, TargetFields):
    scope_area = "responsibility"
    scope_unit_field = "template__unit"

    template = models.ForeignKey(
        AgreementTemplate, verbose_name=_("template"), on_delete=models.CASCADE, related_name="targets"
    )

    objects = DomainManager()

    class Meta:
        verbose_name = _("template target")
        verbose_name_plural = _("template targets")
        ordering = ["template", "order"]

    def __str__(self):
        return f"{self.indicator} {self.get_comparison_display()} {self.value}"


class Agreement(ChainAboveScope, DomainModel):
    """Party A (the issuer) and party B (a child unit of it) for a year. `revision` counts the versions of the same
    agreement: a sent one is never edited, a change writes the next revision, to be signed anew.

    At the team → post level party B is a member of the team (`recipient_person`), who signs it; `recipient` is then
    the team itself, so the agreement is read where the team's are, and by that member (scope_own_q)."""

    scope_area = "responsibility"
    scope_unit_field = "recipient"

    year = models.PositiveSmallIntegerField(verbose_name=_("year"))
    level = models.CharField(verbose_name=_("level"), max_length=20, choices=AgreementLevel.choices)
    issuer = models.ForeignKey(
        "org.OrgUnit", verbose_name=_("party A (issuer)"), on_delete=models.PROTECT, related_name="agreements_issued"
    )
    recipient = models.ForeignKey(
        "org.OrgUnit", verbose_name=_("party B (recipient)"), on_delete=models.PROTECT, related_name="agreements"
    )
    recipient_person = models.ForeignKey(
        "org.Person",
        verbose_name=_("party B (team member)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="responsibility_agreements",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("issuer's own agreement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    template = models.ForeignKey(
        AgreementTemplate, verbose_name=_("template"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(verbose_name=_("title"), max_length=200)
    clauses = models.TextField(verbose_name=_("clauses"), max_length=20000)
    revision = models.PositiveSmallIntegerField(verbose_name=_("revision"), default=1)
    status = models.CharField(
        verbose_name=_("status"), max_length=10, choices=AgreementStatus.choices, default=AgreementStatus.DRAFTED
    )
    due_on = models.DateField(verbose_name=_("sign by"))
    sent_at = models.DateTimeField(verbose_name=_("sent at"), null=True, blank=True, editable=False)
    signed_at = models.DateTimeField(verbose_name=_("signed at"), null=True, blank=True, editable=False)
    overdue_flagged_at = models.DateTimeField(
        verbose_name=_("flagged overdue at"), null=True, blank=True, editable=False
    )
    party_a_signature = models.ForeignKey(
        "core.Signature",
        verbose_name=_("party A's signature"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    party_b_signature = models.ForeignKey(
        "core.Signature",
        verbose_name=_("party B's signature"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    # Where its targets stand, as the first leader's view works it out: computed by the nightly scan
    # (responsibility.scans_standings), never typed, so that the home page counts agreements at risk in one query
    # instead of computing every target of every unit of the scope (seconds) on each page.
    standing = models.CharField(
        verbose_name=_("standing"), max_length=10, choices=TargetStanding.choices, blank=True, editable=False
    )
    standing_on = models.DateField(verbose_name=_("standing as of"), null=True, blank=True, editable=False)
    targets_at_risk = models.PositiveSmallIntegerField(verbose_name=_("targets at risk"), default=0, editable=False)
    targets_missed = models.PositiveSmallIntegerField(verbose_name=_("targets missed"), default=0, editable=False)

    # The scan writes the standing without a history row (a figure of the records, not a change of the agreement):
    # a later save must not show it as the saver's change.
    history_hidden = ("standing", "standing_on", "targets_at_risk", "targets_missed")

    class Meta:
        verbose_name = _("responsibility agreement")
        verbose_name_plural = _("responsibility agreements")
        ordering = ["-year", "recipient__path", "-revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "recipient", "revision"],
                condition=Q(recipient_person__isnull=True),
                name="agreement_revision",
            ),
            models.UniqueConstraint(
                fields=["year", "recipient_person", "revision"],
                condition=Q(recipient_person__isnull=False),
                name="agreement_person_revision",
            ),
        ]

    def __str__(self):
        party_b = self.recipient_person.name if self.recipient_person_id else self.recipient.name
        return bracketed(f"{self.year} {self.title}", party_b)

    @classmethod
    def scope_own_q(cls, user) -> Q:
        """A team member reads the agreements they are party B of."""
        return Q(recipient_person__user=user)

    def get_absolute_url(self):
        return record_url("responsibility:agreement_detail", self.pk)


class AgreementTarget(ChainAboveScope, ScopedModelMixin, TargetFields):
    scope_area = "responsibility"
    scope_unit_field = "agreement__recipient"
    scope_chain_prefix = "agreement__"

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="targets"
    )

    objects = DomainManager()

    class Meta:
        verbose_name = _("agreement target")
        verbose_name_plural = _("agreement targets")
        ordering = ["agreement", "order"]

    def __str__(self):
        return f"{self.indicator} {self.get_comparison_display()} {self.value}"

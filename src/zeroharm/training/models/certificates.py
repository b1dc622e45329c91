"""Certificates people hold, and their reviews (复审)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from zeroharm.core.links import record_url
from zeroharm.core.models import DomainModel
from zeroharm.training.choices import CertificateKind, CertificateStatus, ReviewOutcome

__all__ = ["Certificate", "CertificateReview"]


class Certificate(DomainModel):
    """A certificate. Its review and expiry dates are computed from the issue date by the rules of
    docs/standards/training.md#dates (training.rules.dates), never typed; a renewal is a new certificate that
    supersedes this one."""

    scope_area = "training"
    scope_unit_field = "person__unit"
    scope_owner_field = "person__user"

    person = models.ForeignKey(
        "org.Person", verbose_name=_("holder"), on_delete=models.PROTECT, related_name="certificates"
    )
    kind = models.CharField(verbose_name=_("kind"), max_length=24, choices=CertificateKind.choices, db_index=True)
    operation = models.CharField(
        verbose_name=_("operation or item"),
        max_length=120,
        blank=True,
        help_text=_("The special operation or equipment item it covers, e.g. low-voltage electrician, forklift."),
    )
    number = models.CharField(verbose_name=_("number"), max_length=64)
    issuer = models.CharField(verbose_name=_("issued by"), max_length=200)
    issued_on = models.DateField(verbose_name=_("issued on"))
    validity_years = models.PositiveSmallIntegerField(
        verbose_name=_("valid for (years)"),
        null=True,
        blank=True,
        help_text=_("Only for other certificates; special-operation (6) and special-equipment (4) follow the rules."),
    )
    extended_review = models.BooleanField(
        verbose_name=_("review every 6 years"),
        default=False,
        help_text=_("Granted by the issuer after 10 years in the trade without violations (Order 30 Art. 21)."),
    )
    review_due = models.DateField(verbose_name=_("review due"), editable=False, db_index=True)
    apply_from = models.DateField(verbose_name=_("apply for review from"), editable=False)
    valid_until = models.DateField(verbose_name=_("valid until"), editable=False, db_index=True)
    verified_violations = models.PositiveSmallIntegerField(
        verbose_name=_("verified violations"),
        default=0,
        help_text=_("Two or more refuse the review (Order 30 Art. 25)."),
    )
    status = models.CharField(
        verbose_name=_("status"), max_length=12, choices=CertificateStatus.choices, default=CertificateStatus.ACTIVE
    )
    scan = models.FileField(verbose_name=_("scan"), upload_to="training/certificates/", blank=True)
    supersedes = models.ForeignKey(
        "self", verbose_name=_("renews"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Reminders already sent (days before expiry: 90, 60, 30; 0 for the expiry escalation), so a scan sends each once.
    reminded = models.JSONField(default=list, blank=True, editable=False)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["valid_until", "id"]
        indexes = [models.Index(fields=["person", "kind", "status"])]
        constraints = [models.UniqueConstraint(fields=["kind", "number"], name="certificate_number_per_kind")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"

    def get_absolute_url(self):
        return record_url("training:certificate_detail", self.pk)

    def clean(self):
        super().clean()
        fixed_term = self.kind in (CertificateKind.OTHER, CertificateKind.PRINCIPAL, CertificateKind.SAFETY_MANAGER)
        if fixed_term and not self.validity_years:
            raise ValidationError({"validity_years": _("Say how many years this certificate is valid.")})
        if self.extended_review and self.kind != CertificateKind.SPECIAL_OPERATION:
            raise ValidationError({"extended_review": _("Only special-operation certificates have extended reviews.")})


class CertificateReview(DomainModel):
    """A review (复审) of a certificate: passed, or refused with the reason."""

    scope_area = "training"
    scope_unit_field = "certificate__person__unit"
    scope_owner_field = "certificate__person__user"

    certificate = models.ForeignKey(
        Certificate, verbose_name=_("certificate"), on_delete=models.CASCADE, related_name="reviews"
    )
    reviewed_on = models.DateField(verbose_name=_("reviewed on"))
    outcome = models.CharField(verbose_name=_("outcome"), max_length=8, choices=ReviewOutcome.choices)
    reason = models.CharField(verbose_name=_("reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("certificate review")
        verbose_name_plural = _("certificate reviews")
        ordering = ["-reviewed_on"]

    def __str__(self):
        return f"{self.certificate} · {self.reviewed_on}"

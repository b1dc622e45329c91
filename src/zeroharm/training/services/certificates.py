"""Certificates: added and edited with their dates computed, reviewed (复审), renewed, scanned.

Dates follow docs/standards/training.md#dates (training.rules.dates) from the issue date; a form never asks for
them. A review is refused, whatever the reviewer chose, when the certificate has two or more verified violations
(Order 30 Art. 25: "2次以上", the number itself included). A renewal is a new certificate superseding the old one.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from zeroharm.core.roles import Action
from zeroharm.core.scoping import can
from zeroharm.core.services import record_create, record_lock, record_step_save, record_update
from zeroharm.core.uploads import file_clean
from zeroharm.training.choices import CertificateKind, CertificateStatus, ReviewOutcome
from zeroharm.training.models import Certificate, CertificateReview
from zeroharm.training.rules import dates

__all__ = [
    "REFUSING_VIOLATIONS",
    "certificate_dates",
    "certificate_save",
    "certificate_review",
    "certificate_renew",
    "violation_counted",
    "certificate_scan",
    "next_date",
]

REFUSING_VIOLATIONS = 2  # Order 30 Art. 25: two or more verified violations refuse the review
COMPUTED = ("review_due", "apply_from", "valid_until")


def certificate_dates(kind: str, issued: datetime.date, *, extended_review=False, validity_years=None):
    if kind == CertificateKind.SPECIAL_OPERATION:
        return dates.special_operation_dates(issued, extended_review=extended_review)
    if kind == CertificateKind.SPECIAL_EQUIPMENT:
        return dates.special_equipment_dates(issued)
    return dates.fixed_term_dates(issued, validity_years or 0)


def _with_dates(data: dict, current: Certificate | None = None) -> dict:
    """`data` plus the dates the rules give for its kind, issue date, extension and validity."""
    value = {name: data.get(name, getattr(current, name, None)) for name in ("kind", "issued_on", "validity_years")}
    extended = data.get("extended_review", getattr(current, "extended_review", False))
    if not value["kind"] or not value["issued_on"]:
        return data  # the model's own validation names what is missing
    ruled = value["kind"] in (CertificateKind.SPECIAL_OPERATION, CertificateKind.SPECIAL_EQUIPMENT)
    if not ruled and not value["validity_years"]:
        raise ValidationError({"validity_years": _("Say how many years this certificate is valid.")})
    computed = certificate_dates(
        value["kind"], value["issued_on"], extended_review=extended, validity_years=value["validity_years"]
    )
    return {**data, **{name: getattr(computed, name) for name in COMPUTED}}


@transaction.atomic
def certificate_save(*, data: dict, acting_user, instance: Certificate | None = None, expected_version=None):
    """Add a certificate, or change one; its review and expiry dates are worked out again either way."""
    data = {name: value for name, value in data.items() if name not in COMPUTED}
    if instance is None:
        return record_create(model=Certificate, data=_with_dates(data), acting_user=acting_user)
    return record_update(
        instance=instance, data=_with_dates(data, instance), acting_user=acting_user, expected_version=expected_version
    )


def next_date(certificate: Certificate, reviewed: bool) -> datetime.date:
    """The date the holder must act by: the review, or the expiry once the review has passed."""
    return certificate.valid_until if reviewed else certificate.review_due


@transaction.atomic
def certificate_review(*, certificate: Certificate, reviewed_on, outcome: str, reason: str = "", acting_user):
    """Record a review. Refused automatically, with the reason, at two or more verified violations; a passed
    review starts the reminders again for the expiry date."""
    certificate = record_lock(certificate, None, related=("person__unit",))
    if not can(acting_user, Action.CHANGE, certificate):
        raise PermissionDenied(_("You may not record reviews of this certificate."))
    if certificate.status != CertificateStatus.ACTIVE:
        raise ValidationError(_("Only a certificate still held can be reviewed."))
    if certificate.verified_violations >= REFUSING_VIOLATIONS:
        outcome = ReviewOutcome.REFUSED
        reason = _("%(n)s verified violations: the review is refused (Order 30 Art. 25).") % {
            "n": certificate.verified_violations
        }
    elif outcome == ReviewOutcome.REFUSED and not reason.strip():
        raise ValidationError({"reason": _("Say why the review was refused.")})
    review = record_create(
        model=CertificateReview,
        data={"certificate": certificate, "reviewed_on": reviewed_on, "outcome": outcome, "reason": reason},
        acting_user=acting_user,
    )
    if outcome == ReviewOutcome.PASSED:
        certificate.reminded = []
    record_step_save(certificate, acting_user, gettext_noop("review recorded"))
    return review


@transaction.atomic
def certificate_renew(*, certificate: Certificate, data: dict, acting_user, expected_version=None) -> Certificate:
    """A new certificate for the same person, kind and operation, superseding this one."""
    old = record_lock(certificate, expected_version, related=("person__unit",))
    if not can(acting_user, Action.CHANGE, old):
        raise PermissionDenied(_("You may not renew this certificate."))
    if old.status != CertificateStatus.ACTIVE:
        raise ValidationError(_("This certificate has already been replaced or revoked."))
    inherited = {name: getattr(old, name) for name in ("person", "kind", "operation", "issuer", "validity_years")}
    new = certificate_save(data={**inherited, **data, "supersedes": old}, acting_user=acting_user)
    old.status = CertificateStatus.SUPERSEDED
    record_step_save(old, acting_user, gettext_noop("renewed"))
    return new


@transaction.atomic
def certificate_scan(*, certificate: Certificate, upload, acting_user) -> Certificate:
    """The scan of the certificate, checked by core.uploads (a photo re-encoded, a PDF by its content)."""
    clean = file_clean(upload, field="scan")
    certificate = record_lock(certificate, None, related=("person__unit",))
    if not can(acting_user, Action.CHANGE, certificate):
        raise PermissionDenied(_("You may not change this certificate."))
    certificate.scan = clean.file
    return record_step_save(certificate, acting_user, gettext_noop("scan added"))


@transaction.atomic
def violation_counted(*, person, day, acting_user) -> int:
    """A verified violation (teams.violation_verified) counts on each special-operation and special-equipment
    certificate the person held that day: two or more refuse its next review. Returns how many certificates."""
    held = list(
        Certificate.objects.select_for_update(of=("self",)).filter(
            person=person,
            status=CertificateStatus.ACTIVE,
            kind__in=[CertificateKind.SPECIAL_OPERATION, CertificateKind.SPECIAL_EQUIPMENT],
            issued_on__lte=day,
            valid_until__gte=day,
        )
    )
    for certificate in held:
        certificate.verified_violations += 1
        record_step_save(certificate, acting_user, gettext_noop("a verified violation counted"))
    return len(held)

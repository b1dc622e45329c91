"""Assessing agreements (issue 14, point 8): each target's figure computed from party B's subtree for the period
through core.indicators (the figure its own page shows), the score from responsibility.services.scoring, and the
units ranked among those their issuer assessed for the same year and period. Only the issuer's side assesses; a
score is adjusted only with a written reason, and a confirmed assessment is final."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from zeroharm.core import events
from zeroharm.core.indicators import indicator, measuring
from zeroharm.core.scoping import user_scope
from zeroharm.core.services import record_create, record_lock, record_step_save
from zeroharm.responsibility.choices import AgreementStatus, AssessmentPeriod
from zeroharm.responsibility.models import Agreement, Assessment, TargetResult
from zeroharm.responsibility.services.scoring import ranks, score

__all__ = [
    "MIN_REASON",
    "period_bounds",
    "signed_agreements",
    "assesses",
    "assess",
    "assess_all",
    "assessment_adjust",
    "assessment_confirm",
]

MIN_REASON = 10  # characters: a reason, not a tick


def period_bounds(year: int, period: str) -> tuple[datetime.date, datetime.date]:
    ends = datetime.date(year, 6, 30) if period == AssessmentPeriod.HALF_YEAR else datetime.date(year, 12, 31)
    return datetime.date(year, 1, 1), ends


def signed_agreements(year: int) -> list[Agreement]:
    """Of each unit's agreement of the year, the latest signed revision (a later one being drafted or signed does
    not undo what was signed). A unit's figures measure a unit: a team member's agreement (team → post) is not
    assessed here."""
    latest: dict[int, Agreement] = {}
    signed = Agreement.objects.filter(year=year, status=AgreementStatus.SIGNED, recipient_person__isnull=True)
    for agreement in signed.select_related("issuer", "recipient").order_by("recipient_id", "-revision"):
        latest.setdefault(agreement.recipient_id, agreement)
    return list(latest.values())


def assesses(user, agreement: Agreement) -> bool:
    """The issuer's side assesses (a branch assesses its workshops, not itself)."""
    scope = user_scope(user, "responsibility", "change")
    return scope.unrestricted or any(agreement.issuer.path.startswith(path) for path in scope.paths)


def _refuse_unless_assessor(user, agreement: Agreement) -> None:
    if not assesses(user, agreement):
        raise PermissionDenied(_("Only the issuer's side assesses this agreement."))


def _refuse_if_final(assessment: Assessment | None) -> None:
    if assessment is not None and assessment.confirmed_at is not None:
        raise ValidationError(_("This assessment is confirmed: it is final."))


def _compute(agreement: Agreement, start: datetime.date, end: datetime.date):
    targets = list(agreement.targets.order_by("order"))
    actuals = []
    for target in targets:
        found = indicator(target.indicator)
        actual = found.compute(agreement.recipient, start, end) if found is not None else None
        actuals.append(None if actual is None else Decimal(actual))
    return score(targets, actuals)


def _assess_one(agreement: Agreement, period: str, acting_user, today: datetime.date) -> Assessment:
    start, end = period_bounds(agreement.year, period)
    if today <= end:
        raise ValidationError(
            _("The period ends on %(end)s: it is assessed from the day after.") % {"end": end.isoformat()}
        )
    if agreement.status != AgreementStatus.SIGNED:
        raise ValidationError(_("Only a signed agreement is assessed."))
    if agreement.recipient_person_id:
        raise ValidationError(_("A team member's agreement is not assessed from a unit's figures."))
    held = Assessment.objects.filter(agreement=agreement, period=period).first()
    _refuse_if_final(held)
    scored = _compute(agreement, start, end)
    fields = {"computed_score": scored.value, "vetoed": scored.vetoed, "computed_at": timezone.now()}
    if held is None:
        data = {"agreement": agreement, "period": period, "starts_on": start, "ends_on": end, **fields}
        assessment = record_create(model=Assessment, data=data, acting_user=acting_user)
    else:
        assessment = record_lock(held, None)
        for name, value in fields.items():
            setattr(assessment, name, value)
        record_step_save(assessment, acting_user, gettext_noop("computed again"))
        assessment.results.all().delete()
    TargetResult.objects.bulk_create(
        TargetResult(
            assessment=assessment, target=r.target, actual=r.actual, met=r.met, weight=r.weight, points=r.points
        )
        for r in scored.results
    )
    return assessment


def _rerank(issuer_id: int, year: int, period: str) -> None:
    """The rank of every unit the issuer assessed for the year and period, by the score that counts."""
    peers = list(Assessment.objects.filter(agreement__issuer_id=issuer_id, agreement__year=year, period=period))
    placed = ranks({a.pk: a.final_score for a in peers})
    counted = sum(1 for rank in placed.values() if rank is not None)
    for assessment in peers:
        assessment.rank, assessment.peers = placed[assessment.pk], counted
    Assessment.objects.bulk_update(peers, ["rank", "peers"])


@transaction.atomic
def assess(*, agreement: Agreement, period: str, acting_user, today: datetime.date | None = None) -> Assessment:
    """Compute (or compute again) one agreement's assessment for the period, then rank it among its peers."""
    _refuse_unless_assessor(acting_user, agreement)
    assessment = _assess_one(agreement, period, acting_user, today or timezone.localdate())
    _rerank(agreement.issuer_id, agreement.year, period)
    assessment.refresh_from_db()
    return assessment


@transaction.atomic
def assess_all(*, year: int, period: str, acting_user, today: datetime.date | None = None) -> list[Assessment]:
    """Every signed agreement of the year the user's side issued, not yet confirmed, assessed at once, and every
    issuer's units ranked once."""
    today = today or timezone.localdate()
    scope = user_scope(acting_user, "responsibility", "change")
    agreements = signed_agreements(year)
    if not scope.unrestricted:
        agreements = [a for a in agreements if any(a.issuer.path.startswith(p) for p in scope.paths)]
    final = set(
        Assessment.objects.filter(period=period, confirmed_at__isnull=False).values_list("agreement_id", flat=True)
    )
    with measuring():  # a figure every unit shares is computed once for the whole tree
        done = [_assess_one(a, period, acting_user, today) for a in agreements if a.pk not in final]
    for issuer_id in sorted({a.agreement.issuer_id for a in done}):
        _rerank(issuer_id, year, period)
    return done


@transaction.atomic
def assessment_adjust(
    *, assessment: Assessment, score: Decimal | None, reason: str, acting_user, expected_version: int | None
) -> Assessment:
    """The assessor's score beside the computed one (None: back to the computed one), with the reason written."""
    assessment = record_lock(assessment, expected_version, related=("agreement__issuer",))
    _refuse_unless_assessor(acting_user, assessment.agreement)
    _refuse_if_final(assessment)
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        raise ValidationError(
            _("Write why the score is adjusted (at least %(n)s characters): the computed one stays beside it.")
            % {"n": MIN_REASON}
        )
    if score is not None and not Decimal(0) <= score <= Decimal(100):
        raise ValidationError(_("A score is between 0 and 100."))
    assessment.adjusted_score, assessment.adjust_reason, assessment.adjusted_by = score, reason, acting_user
    record_step_save(assessment, acting_user, gettext_noop("score adjusted"), clean=True)
    _rerank(assessment.agreement.issuer_id, assessment.agreement.year, assessment.period)
    assessment.refresh_from_db()
    return assessment


@transaction.atomic
def assessment_confirm(*, assessment: Assessment, acting_user, expected_version: int | None) -> Assessment:
    """Final: it is no longer computed again nor adjusted."""
    assessment = record_lock(assessment, expected_version, related=("agreement__issuer",))
    _refuse_unless_assessor(acting_user, assessment.agreement)
    _refuse_if_final(assessment)
    assessment.confirmed_at = timezone.now()
    record_step_save(assessment, acting_user, gettext_noop("confirmed"))
    events.publish("responsibility.assessment_confirmed", assessment=assessment, acting_user=acting_user)
    return assessment

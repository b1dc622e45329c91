"""Writes of the risk register: assess a point, change the bands or control levels (and recolour)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zeroharm.core import services
from zeroharm.core.roles import Action
from zeroharm.core.scoping import can, user_scope
from zeroharm.core.tallies import recount
from zeroharm.risks import scoring
from zeroharm.risks.models import Assessment, ControlLevelRule, RiskBand, RiskPoint

__all__ = [
    "current_bands",
    "control_levels",
    "assessment_create",
    "bands_save",
    "control_levels_save",
    "may_configure",
    "risk_point_place",
]


def current_bands() -> dict:
    """(method, colour) → (lowest score, inclusive), from the settings, the defaults where none is set."""
    bands = dict(scoring.DEFAULT_BANDS)
    for band in RiskBand.objects.all():
        bands[(band.method, band.color)] = (band.min_score, band.inclusive)
    return bands


def control_levels() -> dict:
    """colour → (controlling unit kind, review days)."""
    levels = dict(scoring.DEFAULT_CONTROL_LEVELS)
    for rule in ControlLevelRule.objects.all():
        levels[rule.color] = (rule.control_level, rule.review_days)
    return levels


@transaction.atomic
def assessment_create(
    *,
    risk_point: RiskPoint,
    method: str,
    stage: str,
    likelihood: Decimal,
    consequence: Decimal,
    exposure: Decimal | None = None,
    assessed_on: datetime.date | None = None,
    note: str = "",
    acting_user,
) -> Assessment:
    """Score the point, colour it by the current bands, and make it the point's current assessment."""
    if not can(acting_user, Action.CHANGE, risk_point):
        raise PermissionDenied(_("You may not assess this risk point."))
    errors = scoring.validate_factors(method, likelihood, exposure, consequence)
    if errors:
        raise ValidationError({name: _("This value is not on the scale of the chosen method.") for name in errors})
    value = scoring.score(method, likelihood, exposure, consequence)
    color = scoring.color_for(method, value, current_bands())
    assessed_on = assessed_on or timezone.localdate()
    assessment = services.record_create(
        model=Assessment,
        acting_user=acting_user,
        data={
            "risk_point": risk_point,
            "method": method,
            "stage": stage,
            "likelihood": likelihood,
            "exposure": exposure,
            "consequence": consequence,
            "score": value,
            "color": color,
            "assessed_on": assessed_on,
            "assessed_by": acting_user,
            "note": note,
        },
    )
    _make_current(risk_point, assessment, acting_user)
    return assessment


def _make_current(point: RiskPoint, assessment: Assessment, acting_user) -> None:
    review_days = control_levels()[assessment.color][1]
    point = RiskPoint.objects.select_for_update().get(pk=point.pk)
    point.color, point.score, point.assessed_on = assessment.color, assessment.score, assessment.assessed_on
    point.review_due = assessment.assessed_on + datetime.timedelta(days=review_days)
    point.version += 1
    point._history_user = acting_user
    point.save(update_fields=["color", "score", "assessed_on", "review_due", "version", "updated_at"])


def may_configure(user) -> bool:
    """Bands and control levels are the group's policy: a group-level role that may approve safety records."""
    return user_scope(user, "risks", Action.APPROVE).at_root


@transaction.atomic
def bands_save(*, bands: dict, acting_user) -> int:
    """Store new bands and recolour every risk point from its latest assessment. Returns points recoloured."""
    if not may_configure(acting_user):
        raise PermissionDenied(_("Only the group's safety management may change the risk bands."))
    for (method, color), (lowest, inclusive) in bands.items():
        RiskBand.objects.update_or_create(
            method=method, color=color, defaults={"min_score": lowest, "inclusive": inclusive}
        )
    return _recolor_all(acting_user)


def _recolor_all(acting_user) -> int:
    bands, levels = current_bands(), control_levels()
    changed = []
    latest = {}
    for assessment in Assessment.objects.filter(is_archived=False).order_by("risk_point_id", "-assessed_on", "-id"):
        latest.setdefault(assessment.risk_point_id, assessment)
    points = RiskPoint.objects.filter(pk__in=latest)
    for point in points:
        assessment = latest[point.pk]
        color = scoring.color_for(assessment.method, assessment.score, bands)
        if color != point.color:
            point.color = color
            point.review_due = assessment.assessed_on + datetime.timedelta(days=levels[color][1])
            point.version += 1
            changed.append(point)
    RiskPoint.objects.bulk_update(changed, ["color", "review_due", "version"], batch_size=500)
    recount(RiskPoint, {point.unit_id for point in changed})  # a bulk update sends no post_save (core.tallies)
    return len(changed)


@transaction.atomic
def control_levels_save(*, levels: dict, acting_user) -> None:
    """colour → (unit kind, review days)."""
    if not may_configure(acting_user):
        raise PermissionDenied(_("Only the group's safety management may change the control levels."))
    for color, (kind, days) in levels.items():
        ControlLevelRule.objects.update_or_create(color=color, defaults={"control_level": kind, "review_days": days})


#
# Site plans (their image is checked and re-encoded by core.uploads, rule PLAN, in the form)
#


@transaction.atomic
def risk_point_place(*, point: RiskPoint, plan, x: Decimal, y: Decimal, acting_user) -> RiskPoint:
    """Put a risk point on a site plan at (x, y) percent of the plan's width and height."""
    from zeroharm.core.scoping import subtree_unit_ids

    if not can(acting_user, Action.CHANGE, point):
        raise PermissionDenied(_("You may not move this risk point."))
    if not RiskPoint.objects.filter(pk=point.pk, unit__in=subtree_unit_ids(plan.unit.path)).exists():
        raise ValidationError(_("This risk point does not belong to the plan's unit."))
    if not (0 <= x <= 100 and 0 <= y <= 100):
        raise ValidationError(_("The position must lie on the plan."))
    current = RiskPoint.objects.select_for_update().get(pk=point.pk)
    current.site_plan, current.plan_x, current.plan_y = plan, x, y
    current.version += 1
    current._history_user = acting_user
    current.save(update_fields=["site_plan", "plan_x", "plan_y", "version", "updated_at"])
    return current

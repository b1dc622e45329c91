"""The demo risk register: big enough, every colour, consistent scores, colours and caches, built once."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
from django.core.management import call_command
from django.db.models import Count

from zeroharm.core.choices import AccidentCategory
from zeroharm.risks import scoring
from zeroharm.risks.choices import RiskColor, Stage
from zeroharm.risks.models import Assessment, Control, HazardSource, RiskPoint


@pytest.mark.slow
@pytest.mark.django_db
def test_demo_builds_a_consistent_risk_register(capsys):
    call_command("demo")
    assert "risks:" in capsys.readouterr().out

    points = RiskPoint.objects.count()
    assert points >= 300
    colors = Counter(RiskPoint.objects.values_list("color", flat=True))
    assert set(colors) == set(RiskColor.values)
    assert colors[RiskColor.RED] < colors[RiskColor.ORANGE] < colors[RiskColor.YELLOW]
    assert colors[RiskColor.BLUE] > colors[RiskColor.ORANGE]

    counts = RiskPoint.objects.annotate(h=Count("hazard_sources", distinct=True), c=Count("controls", distinct=True))
    assert not counts.filter(h=0).exists()
    assert not counts.filter(c__lt=2).exists()
    assert counts.filter(h__gt=3).count() == 0 and counts.filter(c__gt=5).count() == 0
    for accident_types in HazardSource.objects.values_list("accident_types", flat=True):
        assert 1 <= len(accident_types) <= 3 and set(accident_types) <= set(AccidentCategory.values)
    # every control's owner works in the point's unit or its workshop
    for control in Control.objects.select_related("risk_point__unit", "owner__unit"):
        unit = control.risk_point.unit
        assert control.owner is not None
        assert control.owner.unit.path in (unit.path, unit.path[:3 * unit.steplen])

    latest = {}
    for assessment in Assessment.objects.order_by("risk_point_id", "-assessed_on", "-id"):
        latest.setdefault(assessment.risk_point_id, assessment)
        assert not scoring.validate_factors(assessment.method, assessment.likelihood, assessment.exposure,
                                            assessment.consequence)
        assert assessment.score == scoring.score(assessment.method, assessment.likelihood, assessment.exposure,
                                                 assessment.consequence)
        assert assessment.color == scoring.color_for(assessment.method, assessment.score)
    assert len(latest) == points
    for point in RiskPoint.objects.all():
        current = latest[point.pk]
        assert current.stage == Stage.RESIDUAL
        assert (point.color, point.score, point.assessed_on) == (current.color, current.score, current.assessed_on)
        days = scoring.DEFAULT_CONTROL_LEVELS[point.color][1]
        assert point.review_due == point.assessed_on + datetime.timedelta(days=days)
    assert set(Assessment.objects.values_list("stage", flat=True)) == set(Stage.values)

    before = (RiskPoint.objects.count(), HazardSource.objects.count(), Control.objects.count(),
              Assessment.objects.count(), RiskPoint.history.count())
    call_command("demo")
    assert "already loaded" in capsys.readouterr().out
    assert (RiskPoint.objects.count(), HazardSource.objects.count(), Control.objects.count(),
            Assessment.objects.count(), RiskPoint.history.count()) == before
    # Site plans for a few workshops, their points placed on them, inside the plan and within its workshop.
    from PIL import Image

    from zeroharm.risks.models import SitePlan

    plans = list(SitePlan.objects.select_related("unit"))
    assert len(plans) >= 3
    for plan in plans:
        placed = list(plan.points.select_related("unit"))
        assert placed and all(0 < p.plan_x < 100 and 0 < p.plan_y < 100 for p in placed)
        assert all(p.unit.path.startswith(plan.unit.path) for p in placed)
        with plan.image.open("rb") as f, Image.open(f) as image:
            assert image.size == (plan.width, plan.height)

"""The risk register: every LEC and LS vector of docs/standards/risk-assessment.md, bands that an administrator changes,
pages, API."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from zeroharm.risks import scoring
from zeroharm.risks.models import Assessment, Control, HazardSource, RiskPoint
from zeroharm.risks.services import assessment_create, bands_save, current_bands

D = Decimal

# docs/standards/risk-assessment.md#lec-bands: (L, E, C, D, colour)
LEC_VECTORS = [
    ("3", "6", "15", "270", "orange"),
    ("6", "6", "7", "252", "orange"),
    ("1", "6", "15", "90", "yellow"),
    ("10", "1", "7", "70", "yellow"),
    ("10", "10", "40", "4000", "red"),
    ("10", "2", "1", "20", "blue"),
    ("1", "1", "7", "7", "blue"),
    ("6", "6", "15", "540", "red"),
]
# docs/standards/risk-assessment.md#ls-bands, variant A: (L, S, R, colour)
LS_VECTORS = [
    ("4", "5", "20", "red"),
    ("3", "3", "9", "orange"),
    ("2", "4", "8", "yellow"),
    ("1", "3", "3", "blue"),
    ("5", "5", "25", "red"),
]


@pytest.mark.parametrize("lik,e,c,d,color", LEC_VECTORS)
def test_lec_vectors(lik, e, c, d, color):
    value = scoring.score("lec", D(lik), D(e), D(c))
    assert value == D(d)
    assert scoring.color_for("lec", value) == color


@pytest.mark.parametrize("lik,s,r,color", LS_VECTORS)
def test_ls_vectors(lik, s, r, color):
    value = scoring.score("ls", D(lik), None, D(s))
    assert value == D(r)
    assert scoring.color_for("ls", value) == color


@pytest.mark.parametrize(
    "value,color", [(4, "blue"), (5, "yellow"), (9, "yellow"), (10, "orange"), (16, "orange"), (20, "red"), (25, "red")]
)
def test_matrix_default_bands(value, color):
    assert scoring.color_for("matrix", D(value)) == color


def test_lec_red_starts_above_320():
    assert scoring.color_for("lec", D("320")) == "orange"
    assert scoring.color_for("lec", D("320.01")) == "red"


def test_factors_must_be_on_the_scale():
    assert scoring.validate_factors("lec", D("4"), D("6"), D("15")) == {"likelihood": "not on the scale"}
    assert scoring.validate_factors("ls", D("3"), D("6"), D("3")) == {"exposure": "only LEC has an exposure factor"}
    assert scoring.validate_factors("ls", D("3"), None, D("3")) == {}


@pytest.fixture
def point(world):
    return RiskPoint.objects.create(unit=world.unit("A1a"), code="RP-1", name="Press line", kind="equipment")


@pytest.mark.django_db
def test_assessing_colours_the_point_and_keeps_every_assessment(world, point):
    safety = world.users["safety"]
    first = assessment_create(
        risk_point=point,
        method="lec",
        stage="inherent",
        likelihood=D("6"),
        exposure=D("6"),
        consequence=D("15"),
        acting_user=safety,
    )
    assert (first.score, first.color) == (D("540"), "red")
    second = assessment_create(
        risk_point=point,
        method="ls",
        stage="residual",
        likelihood=D("2"),
        exposure=None,
        consequence=D("4"),
        acting_user=safety,
    )
    point.refresh_from_db()
    assert (point.color, point.score) == ("yellow", D("8"))
    assert (point.review_due - point.assessed_on).days == 180  # yellow: reviewed by the workshop twice a year
    assert list(point.assessments.values_list("pk", flat=True)) == [second.pk, first.pk]
    assert point.history.first().history_user == safety


@pytest.mark.django_db
def test_changing_a_band_changes_the_colours(world, point):
    safety = world.users["safety"]
    assessment_create(
        risk_point=point,
        method="lec",
        stage="residual",
        likelihood=D("1"),
        exposure=D("6"),
        consequence=D("15"),
        acting_user=safety,
    )  # D = 90: yellow by default
    point.refresh_from_db()
    assert point.color == "yellow"
    bands = current_bands()
    bands[("lec", "orange")] = (D("90"), True)  # a stricter enterprise: orange from 90
    assert bands_save(bands={k: v for k, v in bands.items() if k[1] != "blue"}, acting_user=safety) == 1
    point.refresh_from_db()
    assert point.color == "orange"
    assert scoring.color_for("lec", D("90"), current_bands()) == "orange"
    with pytest.raises(PermissionDenied):
        bands_save(bands={}, acting_user=world.users["leader_a"])


@pytest.mark.django_db
def test_off_scale_factors_and_out_of_scope_points_are_refused(world, point):
    with pytest.raises(ValidationError):
        assessment_create(
            risk_point=point,
            method="lec",
            stage="residual",
            likelihood=D("4"),
            exposure=D("6"),
            consequence=D("15"),
            acting_user=world.users["safety"],
        )
    with pytest.raises(PermissionDenied):
        assessment_create(
            risk_point=point,
            method="ls",
            stage="residual",
            likelihood=D("2"),
            exposure=None,
            consequence=D("4"),
            acting_user=world.users["leader_b"],
        )
    assert not Assessment.objects.exists()


@pytest.mark.django_db
def test_pages_create_assess_and_list(world, client_for, point):
    c = client_for("director_a1")
    response = c.post(
        reverse("risks:assess", args=[point.pk]) + "?method=lec",
        {"method": "lec", "stage": "residual", "likelihood": "3", "exposure": "6", "consequence": "15", "note": ""},
    )
    assert response.status_code == 302
    point.refresh_from_db()
    assert (point.color, point.score) == ("orange", D("270"))
    c.post(
        reverse("risks:hazardsource_add", args=[point.pk]),
        {"description": "Hands under the ram", "cause_category": "people", "accident_types": ["03"]},
    )
    c.post(
        reverse("risks:control_add", args=[point.pk]),
        {"control_type": "engineering", "description": "Two-hand control and light curtain", "owner": "P-A1a"},
    )
    assert HazardSource.objects.get(risk_point=point).accident_types == ["03"]
    assert Control.objects.get(risk_point=point).owner == world.people["A1a"]
    page = c.get(point.get_absolute_url()).content.decode()
    assert "Hands under the ram" in page and "Two-hand control" in page and "risk-orange" in page
    listing = c.get(reverse("risks:riskpoint_list") + "?color=orange")
    assert listing.context["table"].paginator.count == 1
    assert client_for("leader_b").get(point.get_absolute_url()).status_code == 404
    assert client_for("auditor").get(reverse("risks:assess", args=[point.pk])).status_code == 403


@pytest.mark.django_db
def test_api_assessment_is_computed_not_typed(world, client_for, point):
    c = client_for("safety")
    response = c.post(
        "/api/v1/risk-assessments/",
        {
            "risk_point": point.pk,
            "method": "lec",
            "stage": "residual",
            "likelihood": "10",
            "exposure": "1",
            "consequence": "7",
            "score": "1",
            "color": "blue",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["score"] == "70.00" and response.json()["color"] == "yellow"
    bad = c.post(
        "/api/v1/risk-assessments/",
        {"risk_point": point.pk, "method": "ls", "stage": "residual", "likelihood": "7", "consequence": "3"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and bad.json()["errors"][0]["attr"] == "likelihood"
    other = client_for("leader_b").post(
        "/api/v1/risk-assessments/",
        {"risk_point": point.pk, "method": "ls", "stage": "residual", "likelihood": "2", "consequence": "2"},
        content_type="application/json",
    )
    assert other.status_code in (400, 403)
    assert Assessment.objects.count() == 1

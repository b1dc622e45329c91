"""core.api: a service's refusal in the API's error format, named as the schema names it."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_a_constraint_of_several_fields_is_a_non_field_error_as_the_schema_says(world, client_for):
    """Django files a unique (unit, month) under "__all__", which no schema lists: found by the schema test."""
    response = client_for("admin").post(
        "/api/v1/man-hours/",
        {"unit": world.unit("A1a").pk, "month": "2026-10-01", "hours": "57.0", "average_headcount": "5.0"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert [(e["attr"], e["code"]) for e in response.json()["errors"]] == [("non_field_errors", "unique_together")]


def test_api_errors_keeps_field_errors_and_renames_only_the_cross_field_ones():
    from django.core.exceptions import ValidationError

    from zeroharm.core.api import api_errors

    errors = api_errors(ValidationError({"__all__": ["both"], "hours": ["negative"]}))
    assert {key: [str(e) for e in value] for key, value in errors.items()} == {
        "non_field_errors": ["both"],
        "hours": ["negative"],
    }

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


def test_the_api_routes_are_the_routers_grouped_by_their_first_segment():
    """core.api.grouped_routes: every route the router registers keeps its URL and name, and resolves to its
    viewset, while a path meets one include per first segment instead of every pattern of the API."""
    from django.urls import resolve, reverse
    from rest_framework.routers import DefaultRouter

    from zeroharm.api_urls import router

    flat = DefaultRouter()
    flat.include_root_view = flat.include_format_suffixes = False
    checked = 0
    for prefix, viewset, basename in router.registry:
        flat.register(prefix, viewset, basename=basename)
        for route in flat.get_routes(viewset):
            name = route.name.format(basename=basename)
            kwargs = {"pk": "7"} if "{lookup}" in route.url else {}
            if not any(hasattr(viewset, method) for method in route.mapping.values()):
                continue  # a route the viewset does not answer (no list, say): the router leaves it out as well
            path = reverse(f"api:{name}", kwargs=kwargs)
            expected = route.url.format(prefix=prefix, lookup="7", trailing_slash="/").strip("^$")
            assert path == f"/api/v1/{expected}", name
            assert resolve(path).func.cls is viewset, name
            checked += 1
        flat.registry.clear()
    assert checked > 100
    from zeroharm.api_urls import urlpatterns

    grouped = urlpatterns[0].url_patterns
    assert len(grouped) == len({prefix.partition("/")[0] for prefix, _v, _b in router.registry}) < 40

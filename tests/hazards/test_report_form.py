"""The hidden-danger quick report (issue 11, point 13): three fields and a photo; the rest behind "More"."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

FIRST = ("unit", "location", "description", "photos")
FOLDED = ("anonymous", "fixed_on_spot", "category", "after_photos", "rectification_note")


def test_unit_where_what_and_a_photo_first_the_rest_folded(world, client_for):
    page = client_for("worker_a1a").get(reverse("hazards:report")).content.decode()
    first, more = page.split('<details class="more-fields"', 1)
    for name in FIRST:
        assert f'name="{name}"' in first
    for name in FOLDED:
        assert f'name="{name}"' in more and f'name="{name}"' not in first
    assert not re.match(r"[^>]*\bopen\b", more), "folded while nothing is wrong"


def test_more_opens_again_when_a_folded_field_comes_back_with_an_error(world, client_for):
    refused = client_for("worker_a1a").post(
        reverse("hazards:report"),
        {"unit": world.unit("A1a").pk, "location": "Press 3", "description": "Guard missing", "fixed_on_spot": "on"},
    )
    assert refused.status_code == 400  # the form again, with its errors
    page = refused.content.decode()
    assert re.search(r'<details class="more-fields"[^>]*\bopen\b', page)
    assert "Show what was done" in page

"""Multiple-choice filters on a model's own column count without DISTINCT (core.filtersets.ChoicesFilter, issue 11
point 17): the DISTINCT made the hidden-danger list's COUNT compare every column of every matching row."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from zeroharm.core.filtersets import ChoicesFilter

pytestmark = pytest.mark.django_db


def test_the_state_filter_counts_and_lists_without_distinct(world, client_for):
    from zeroharm.hazards.models import HiddenDanger

    states = ["reported", "assigned", "in_rectification", "closed"]
    HiddenDanger.objects.bulk_create(
        [
            HiddenDanger(
                unit=world.unit("A1a"),
                location=f"Bay {i}",
                description="Loose guard",
                state=states[i % 4],
                found_on=timezone.localdate() - datetime.timedelta(days=i),
            )
            for i in range(30)
        ]
    )
    client = client_for("admin")
    with CaptureQueriesContext(connection) as captured:
        page = client.get("/hazards/", {"state": ["reported", "assigned"], "per_page": 50})
    assert page.status_code == 200
    hazards = [sql["sql"] for sql in captured.captured_queries if "hazards_hiddendanger" in sql["sql"]]
    assert hazards and not any("DISTINCT" in sql.upper() for sql in hazards)
    table = page.context["table"]
    shown = {row.record.pk for row in table.page.object_list}
    assert table.paginator.count == len(shown)
    assert shown == set(HiddenDanger.objects.filter(state__in=["reported", "assigned"]).values_list("pk", flat=True))
    assert len(shown) == 16


def test_a_filter_across_a_relation_is_refused():
    with pytest.raises(ValueError, match="own columns"):
        ChoicesFilter(field_name="people__body_part", choices=[("a", "A")])

"""core.views: what a list page works out once and keeps (issue 11, point 16)."""

from __future__ import annotations

from unittest import mock

import pytest
from django.template import base as template_base

pytestmark = pytest.mark.django_db


def _drawn_forms(run) -> int:
    """How many times `run()` drew a list's filter form (core/_filter_fields.html)."""
    drawn = []
    original = template_base.Template.render

    def render(self, context):
        if self.origin and self.origin.template_name == "core/_filter_fields.html":
            drawn.append(1)
        return original(self, context)

    with mock.patch.object(template_base.Template, "render", render):
        run()
    return len(drawn)


def test_a_filter_form_is_drawn_once_per_user_and_query_until_a_record_is_written(world, client_for):
    """Incidents' twenty-two filters cost a list page more than its rows: the form drawn for a user and a query is
    kept (core.cache.per_user) until a counted record — a unit, a position, a role… — is written."""
    from zeroharm.org.models import Position

    client = client_for("admin")
    assert _drawn_forms(lambda: client.get("/org/people/")) == 1
    assert _drawn_forms(lambda: client.get("/org/people/", {"page": 1, "sort": "name"})) == 0  # the same form
    shown = client.get("/org/people/", {"q": "Per"}).text
    assert 'value="Per"' in shown and _drawn_forms(lambda: client.get("/org/people/", {"q": "Per"})) == 0
    assert _drawn_forms(lambda: client.get("/org/people/", {"q": "Pers"})) == 1
    Position.objects.create(code="NEW", name="Crane operator")
    page = []
    assert _drawn_forms(lambda: page.append(client.get("/org/people/"))) == 1
    assert "Crane operator" in page[0].text


def test_each_user_gets_the_form_of_their_own_scope(world, client_for):
    admin = client_for("admin").get("/hazards/").text
    leader = client_for("leader_b").get("/hazards/").text
    assert world.unit("A").name in admin and world.unit("A").name not in leader


def test_a_kept_filter_form_reads_no_choices(world, client_for):
    """The units and positions a filter form offers are read when it is drawn, not for every page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("admin")
    client.get("/org/people/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/org/people/").status_code == 200
    read = " ".join(query["sql"] for query in queries.captured_queries)
    assert 'FROM "org_position"' not in read and '"org_orgunit"."name" AS "name"' not in read

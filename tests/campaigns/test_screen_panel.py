"""The campaign's panel on the big screen (issue 15 point 11, "campaign progress"): the running campaign covering the
screen's unit, with its board's totals; none when no campaign runs today or for a branch outside its scope."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tests.campaigns.factories import campaign, published, submitted, task

pytestmark = pytest.mark.django_db
REFRESH = "/glance/screen/refresh/"


def _today_window():
    today = timezone.localdate()
    return today - datetime.timedelta(days=3), today + datetime.timedelta(days=20)


def test_the_running_campaign_shows_its_progress_on_the_screen(world, client_for):
    start, end = _today_window()
    made = campaign(world, start=start, end=end)
    issued = task(world, made, deadline=end)
    submitted(world, issued)
    published(world, made)
    html = client_for("leader_a").get(REFRESH, {"unit": world.unit("A").pk}).content.decode()
    assert f'data-campaign="{made.pk}"' in html and "Safety Month 2026" in html
    assert 'data-figure="accepted">0 / 2<' in html  # two units hold the task, none accepted yet
    assert (
        client_for("leader_b").get(REFRESH, {"unit": world.unit("B").pk}).content.decode().count("data-campaign") == 0
    )


def test_no_panel_when_the_campaign_is_over(world, client_for):
    made = campaign(world, start=datetime.date(2025, 6, 1), end=datetime.date(2025, 6, 30))
    html = client_for("leader_a").get(REFRESH, {"unit": world.unit("A").pk}).content.decode()
    assert f'data-campaign="{made.pk}"' not in html

"""The standing the nightly scan stored, on the agreement list (a column and a filter) and on the agreement's page
(with its day, beside the link to where each target stands today)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from tests.responsibility.factories import standing_cases
from zeroharm.responsibility.scans_standings import agreement_standings

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 4, 30)
LIST = reverse("responsibility:agreement_list")


@pytest.fixture
def scanned(world):
    made = standing_cases(world)
    agreement_standings(today=DAY)
    return made


def test_the_list_filters_and_shows_the_standing(scanned, client_for):
    client = client_for("safety")
    page = client.get(LIST, {"year": 2026, "standing": ["at_risk", "missed"]}).content.decode()
    assert '<span class="count">2 results</span>' in page
    assert "Branch A" in page and "Workshop A1" in page and "Branch B" not in page.split("<tbody")[1]
    assert 'data-label="Standing">Missed<' in page and 'data-label="Standing">At risk<' in page
    assert 'data-label="standing as of">04/30/2026<' in page  # the day, in the reader's format
    on_track = client.get(LIST, {"year": 2026, "standing": "on_track"}).content.decode()
    assert '<span class="count">1 result</span>' in on_track
    export = client.get(LIST, {"year": 2026, "_export": "xlsx"})
    assert export.status_code == 200


def test_the_page_shows_the_stored_standing_and_its_day(scanned, client_for):
    a = scanned["A"]
    page = client_for("leader_a").get(reverse("responsibility:agreement_detail", args=[a.pk])).content.decode()
    assert 'data-standing="missed"' in page
    assert f"As of {DAY.isoformat()}, computed by the nightly scan: targets at risk 1, targets missed 1." in page
    assert f"{reverse('responsibility:leader')}?unit={a.recipient_id}" in page
    # a workshop reads its branch's agreement (the chain above) but not the branch's first leader's view
    above = client_for("director_a1").get(reverse("responsibility:agreement_detail", args=[a.pk])).content.decode()
    assert 'data-standing="missed"' in above and f"?unit={a.recipient_id}" not in above
    unsigned = client_for("leader_a").get(reverse("responsibility:agreement_detail", args=[scanned["A2"].pk]))
    assert 'id="standing"' not in unsigned.content.decode()

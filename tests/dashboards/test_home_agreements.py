"""The home page's agreements at risk or missed (issue 15 point 10): the count of this year's agreements whose party
B is in the user's scope and whose standing, stored by the nightly scan, is at risk or missed; it equals the list it
links to, carries the day it was computed, and follows the scope (login, role, another branch, the right user)."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from tests.responsibility.factories import standing_cases
from zeroharm.responsibility.scans_standings import agreement_standings

pytestmark = pytest.mark.django_db

FIGURE = re.compile(r'<li(?: class="alert")?><a href="([^"]+)"><strong>(\d+)</strong> (Agreements at risk[^<]*)</a>')
RESULTS = re.compile(r'<span class="count">(\d+) results?</span>')


def _figure(client) -> tuple[str, int, str] | None:
    page = client.get("/")
    assert page.status_code == 200
    found = FIGURE.findall(page.content.decode())
    assert len(found) <= 1
    return (found[0][0].replace("&amp;", "&"), int(found[0][1]), found[0][2]) if found else None


def _listed(client, url: str) -> int:
    page = client.get(url)
    assert page.status_code == 200, url
    return int(RESULTS.search(page.content.decode())[1])


@pytest.fixture
def scanned(world):
    """This year's cases (A missed, A1 at risk, B on track, A2 unsigned; last year's B missed), scanned today."""
    made = standing_cases(world, year=timezone.localdate().year)
    from zeroharm.responsibility.models import Agreement

    Agreement.objects.filter(pk=made["B-last"].pk).update(standing="missed", standing_on=timezone.localdate())
    agreement_standings(today=timezone.localdate())
    return made


@pytest.mark.parametrize(
    "persona, expected",
    [
        ("admin", 2),  # A and A1; not B (on track), not A2 (unsigned), not last year's B
        ("safety", 2),
        ("leader_a", 2),
        ("director_a1", 1),  # A1's own; A's is the chain above A1, not its scope
        ("leader_b", 0),  # another branch: A's are not counted
    ],
)
def test_the_figure_equals_the_list_it_opens(scanned, client_for, persona, expected):
    client = client_for(persona)
    url, count, label = _figure(client)
    assert count == expected == _listed(client, url)
    assert label == f"Agreements at risk or missed (as of {timezone.localdate().isoformat()})"
    assert "standing=at_risk&standing=missed" in url and f"year={timezone.localdate().year}" in url


def test_no_login_and_a_role_of_ones_own_records(scanned, client, client_for):
    assert "/login" in client.get("/")["Location"]
    assert _figure(client_for("worker_a1a")) is None  # agreements are between units: the list is 403 to them


def test_before_the_first_scan_it_says_so(world, client_for):
    standing_cases(world, year=timezone.localdate().year)
    url, count, label = _figure(client_for("leader_a"))
    assert (count, label) == (0, "Agreements at risk or missed (not computed yet)")


def test_the_scan_refreshes_the_kept_figure(world, client_for):
    standing_cases(world, year=timezone.localdate().year)
    client = client_for("leader_a")
    assert _figure(client)[1] == 0  # kept for the user (core.cache) until a counted record is written
    agreement_standings(today=timezone.localdate())
    assert _figure(client)[1] == 2


def test_a_user_reaching_two_branches_sees_one_figure_each(scanned, world, client_for):
    from zeroharm.accounts.models import RoleAssignment

    RoleAssignment.objects.create(
        user=scanned["A"].recipient.principal.user, role="unit_leader", unit=scanned["B"].recipient
    )
    page = client_for("leader_a").get("/").content.decode()
    found = {label: int(n) for _url, n, label in FIGURE.findall(page)}
    day = timezone.localdate().isoformat()
    assert found == {
        f"Agreements at risk or missed (as of {day}) · Branch A": 2,
        f"Agreements at risk or missed (as of {day}) · Branch B": 0,
    }


@pytest.mark.parametrize("persona", ["safety", "leader_a", "director_a1"])
def test_the_figure_is_one_query(scanned, world, persona, django_assert_num_queries):
    from zeroharm.core.scoping import user_scope
    from zeroharm.responsibility.hooks import agreements_at_risk

    user = world.users[persona]
    user_scope(user, "responsibility", "view")  # the grants, loaded once per request for every figure
    with django_assert_num_queries(1):
        agreements_at_risk(user, timezone.localdate())

"""The safe-days counters on a table of cases (what resets them, what does not, where), their scope per persona,
and the log of resets (no login, wrong role, another branch, right user)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from tests.factories import reported_incident

pytestmark = pytest.mark.django_db

MATRIX_URL_NAMES = {"dashboards:resets"}

LOST_TIME = {"outcome": "lost_time", "days_away": 3}  # GB 6441: a minor injury (at least one workday lost)
SERIOUS = {"outcome": "lost_time", "days_away": 120}  # a serious injury (105 days or more)
FATAL = {"outcome": "fatal", "date_of_death": None}  # set to the day of the incident below
FIRST_AID = {"outcome": "first_aid", "treatments": ["C"]}


def _ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def _incident(world, code: str, days: int, person: dict | None, kind: str = "injury"):
    facts = dict(person or {})
    if "date_of_death" in facts:
        facts["date_of_death"] = timezone.localdate(_ago(days))
    return reported_incident(world, code, _ago(days), kind=kind, **facts)


def _counters(world, persona: str) -> dict[str, tuple]:
    """{unit code: (days since a lost-time injury, days since a fatality)} of the persona's home page counters."""
    from zeroharm.dashboards.safe_days import counters

    return {c.unit.code: (c.lost_time_days, c.fatal_days) for c in counters(world.users[persona], timezone.localdate())}


# (what happened: [(unit, days ago, person facts, kind)], persona → {unit: (lost-time days, fatality days)})
CASES = {
    "a lost-time injury resets the lost-time counter": (
        [("A1a", 10, LOST_TIME, "injury")],
        {"leader_a": {"A": (10, None)}, "safety": {"G": (10, None)}, "director_a1": {"A1": (10, None)}},
    ),
    "a serious injury resets it too": ([("A1a", 4, SERIOUS, "injury")], {"leader_a": {"A": (4, None)}}),
    "a first-aid case does not reset it": (
        [("A1a", 2, FIRST_AID, "first_aid")],
        {"leader_a": {"A": (None, None)}, "safety": {"G": (None, None)}},
    ),
    "a near miss does not reset it": ([("A1a", 1, None, "near_miss")], {"leader_a": {"A": (None, None)}}),
    "a fatality resets both": ([("A1a", 5, FATAL, "injury")], {"leader_a": {"A": (5, 5)}, "safety": {"G": (5, 5)}}),
    "the latest counts; a later first-aid case changes nothing": (
        [("A1a", 30, FATAL, "injury"), ("A2", 8, LOST_TIME, "injury"), ("A1a", 1, FIRST_AID, "first_aid")],
        {"leader_a": {"A": (8, 30)}, "director_a1": {"A1": (30, 30)}},
    ),
    "another branch's injury resets the group's counter, not this branch's": (
        [("B1a", 3, LOST_TIME, "injury")],
        {"leader_a": {"A": (None, None)}, "leader_b": {"B": (3, None)}, "safety": {"G": (3, None)}},
    ),
    "today's injury: zero days": ([("A1a", 0, LOST_TIME, "injury")], {"leader_a": {"A": (0, None)}}),
}


@pytest.mark.parametrize("case", CASES)
def test_the_counters_on_a_table_of_cases(world, case):
    happened, expected = CASES[case]
    for code, days, person, kind in happened:
        _incident(world, code, days, person, kind)
    for persona, counters in expected.items():
        assert _counters(world, persona) == counters, persona


def test_an_archived_incident_is_no_reset(world):
    from zeroharm.core.services import record_archive

    incident = _incident(world, "A1a", 6, LOST_TIME)
    record_archive(instance=incident, acting_user=world.users["admin"])
    assert _counters(world, "leader_a") == {"A": (None, None)}


def test_each_persona_sees_the_counter_of_their_scope(world):
    """A worker sees their team's counter (without the incident, which is not theirs to open); a workshop director
    their workshop's; a branch leader their branch's; the group safety department the group's."""
    from zeroharm.dashboards.safe_days import counters

    _incident(world, "A1a", 9, LOST_TIME)
    _incident(world, "B1a", 2, LOST_TIME)
    today = timezone.localdate()
    shown = {
        p: counters(world.users[p], today) for p in ("worker_a1a", "director_a1", "leader_a", "safety", "leader_b")
    }
    assert {p: [(c.unit.code, c.lost_time_days, c.links) for c in cs] for p, cs in shown.items()} == {
        "worker_a1a": [("A1a", 9, False)],
        "director_a1": [("A1", 9, True)],
        "leader_a": [("A", 9, True)],
        "safety": [("G", 2, True)],
        "leader_b": [("B", 2, True)],
    }
    assert shown["worker_a1a"][0].log_url == ""


def _home(client) -> str:
    page = client.get("/")
    assert page.status_code == 200
    return page.content.decode()


def test_the_home_page_shows_the_counters_the_rule_and_the_incident_behind_the_reset(world, client_for):
    incident = _incident(world, "A1a", 12, LOST_TIME)
    text = _home(client_for("leader_a"))
    assert re.search(r"<strong>12</strong> days since the last lost-time injury", text)
    assert "no fatality on record" in text
    assert f'class="reset-incident" href="{incident.get_absolute_url()}"' in text
    assert "A first-aid case, a near miss, property damage or a hidden danger resets nothing" in text
    worker = _home(client_for("worker_a1a"))
    assert re.search(r"<strong>12</strong> days since the last lost-time injury", worker)
    assert "reset-incident" not in worker and "reset-log" not in worker


def test_no_login_goes_to_the_login_page(client):
    for url in ("/", "/glance/safe-days/resets/"):
        page = client.get(url)
        assert page.status_code == 302 and page["Location"].startswith("/login/"), url


def test_the_log_of_resets_is_for_those_who_see_a_subtree_of_incidents(world, client_for):
    assert client_for("worker_a1a").get("/glance/safe-days/resets/").status_code == 403


def test_the_log_of_another_branch_is_not_found(world, client_for):
    a = world.unit("A")
    assert client_for("leader_b").get(f"/glance/safe-days/resets/?unit={a.pk}").status_code == 404


def test_the_log_lists_each_reset_with_its_incident_and_the_run_it_ended(world, client_for):
    first = _incident(world, "A1a", 40, LOST_TIME)
    fatal = _incident(world, "A2", 15, FATAL)
    _incident(world, "A1a", 3, FIRST_AID, kind="first_aid")  # no reset: not in the log
    _incident(world, "B1a", 5, LOST_TIME)  # another branch: not in branch A's log
    page = client_for("leader_a").get("/glance/safe-days/resets/")
    assert page.status_code == 200
    rows = page.context["rows"]
    assert [(r["incident"].pk, r["fatal"], r["run"]) for r in rows] == [(fatal.pk, True, 25), (first.pk, False, None)]
    text = page.content.decode()
    assert first.get_absolute_url() in text and fatal.get_absolute_url() in text
    assert "1 reset" not in text and "2 resets" in text
    group = client_for("safety").get("/glance/safe-days/resets/")
    assert len(group.context["rows"]) == 3


def test_the_home_counter_equals_the_latest_row_of_its_log(world, client_for):
    _incident(world, "A1a", 20, LOST_TIME)
    latest = _incident(world, "A2", 6, SERIOUS)
    client = client_for("leader_a")
    text = _home(client)
    log_url = re.search(r'class="reset-log" href="([^"]+)"', text)[1].replace("&amp;", "&")
    rows = client.get(log_url).context["rows"]
    assert rows[0]["incident"].pk == latest.pk
    shown = int(re.search(r"<strong>(\d+)</strong> days since the last lost-time injury", text)[1])
    assert shown == (timezone.localdate() - timezone.localdate(rows[0]["incident"].occurred_at)).days

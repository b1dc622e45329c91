"""Cleared to work: the selectors, a team's roster, the person's page and the API, each scoped."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import PersonFactory
from tests.support.permissions import api_expect, check_answer, expected_status, persona_client
from tests.training.factories import credited, held_certificate, training_course, training_requirement
from zeroharm.training.choices import CertificateKind, CourseKind
from zeroharm.training.models import Induction
from zeroharm.training.selectors.clearance import clearance_for, cleared_people, is_cleared, roster

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = dt.date.today()

MATRIX_URL_NAMES = {"training:roster", "training:roster_home"}
MATRIX_API_PREFIXES = {"training/clearance"}


@pytest.fixture
def inducted(world):
    """A1a's person passes the induction they got when hired; the welders need a special-operation certificate."""
    courses = [
        training_course(f"I{n}", kind)
        for n, kind in enumerate(
            (CourseKind.INDUCTION_COMPANY, CourseKind.INDUCTION_WORKSHOP, CourseKind.INDUCTION_TEAM)
        )
    ]
    person = world.people["A1a"]
    for n, course in enumerate(courses):
        credited(person, course, D(2020, 1, 2 + n))
    held_certificate(person, CertificateKind.SPECIAL_OPERATION, TODAY - dt.timedelta(days=400))
    training_requirement(world.unit("G"), position=world.position, certificate_kind=CertificateKind.SPECIAL_OPERATION)
    return person


def test_selectors_agree(world, inducted):
    assert Induction.objects.get(person=inducted).completed_on == D(2020, 1, 4)
    assert is_cleared(inducted, TODAY)
    assert not is_cleared(world.people["A1b"], TODAY)
    assert cleared_people(world.unit("A1"), TODAY) == [inducted]
    clearances = dict((p.pk, c) for p, c in roster(world.unit("A1"), TODAY))
    assert set(clearances) == {world.people[code].pk for code in ("A1", "A1a", "A1b")}
    assert [gap.code for gap in clearances[world.people["A1b"].pk].gaps] == [
        "level_missing",
        "level_missing",
        "level_missing",
        "hours_short",
        "certificate_missing",
    ]
    assert clearance_for([inducted.pk], D(2019, 12, 31))[inducted.pk].cleared is False  # before the induction


def roster_url(world, code="A1a"):
    return reverse("training:roster", args=[world.unit(code).pk])


@pytest.mark.parametrize(
    "persona",
    ["anonymous", "admin", "safety", "leader_a", "director_a1", "monitor_a1a", "worker_a1a", "auditor", "leader_b"],
)
def test_roster_answers_each_persona(world, client_for, client, persona):
    response = persona_client(client_for, client, persona).get(roster_url(world))
    expected = expected_status(persona, "training", "view", "A1a")
    if persona == "worker_a1a":
        expected = 403  # their own records only: no unit's roster
    check_answer(response, expected)


def test_the_roster_names_each_persons_gaps(world, client_for, inducted):
    response = client_for("leader_a").get(roster_url(world, "A1"), {"day": TODAY.isoformat()})
    html = response.content.decode()
    assert "1</strong> / 3" in html
    assert html.count('data-cleared="no"') == 2 and html.count('data-cleared="yes"') == 1
    assert "No Special operation certificate." in html
    assert "Team A1a" in html  # the unit's children, one level down


def test_the_roster_home_shows_the_users_top_unit(world, client_for):
    response = client_for("director_a1").get(reverse("training:roster_home"))
    assert response.status_code == 200 and response.context["unit"] == world.unit("A1")


def test_the_roster_runs_the_same_queries_for_a_bigger_team(world, client_for, inducted):
    c = client_for("leader_a")
    c.get(roster_url(world))  # warm the session and the grants
    with CaptureQueriesContext(connection) as small:
        c.get(roster_url(world))
    for _ in range(8):
        PersonFactory(unit=world.unit("A1a"), position=world.position)
    with CaptureQueriesContext(connection) as big:
        c.get(roster_url(world))
    assert len(big) == len(small)


def test_the_persons_page_shows_the_clearance_to_who_may_see_their_training(world, client_for, inducted):
    url = reverse("org:person_detail", args=[world.people["A1b"].pk])
    html = client_for("director_a1").get(url).content.decode()
    assert 'id="cleared-to-work"' in html and "Not cleared to work" in html
    own = client_for("worker_a1a").get(reverse("org:person_detail", args=[inducted.pk])).content.decode()
    assert "Cleared to work" in own and 'data-cleared="yes"' in own


def api(client, path="", **params):
    return client.get(f"/api/v1/training/clearance/{path}", params)


@pytest.mark.parametrize("persona", ["anonymous", "admin", "leader_a", "monitor_a1a", "auditor", "leader_b"])
def test_api_unit_list_answers_each_persona(world, client_for, client, persona):
    response = api(persona_client(client_for, client, persona), unit=world.unit("A1a").pk)
    assert response.status_code in api_expect(persona, "training", "view", "A1a", ok=(200,)) or (
        persona == "leader_b" and response.json()["results"] == []  # another branch's unit: nobody of theirs
    )


def test_api_lists_a_units_people_with_their_gaps(world, client_for, inducted):
    body = api(client_for("leader_a"), unit=world.unit("A1").pk, day=TODAY.isoformat()).json()
    rows = {row["employee_no"]: row for row in body["results"]}
    assert set(rows) == {"P-A1", "P-A1a", "P-A1b"}
    assert rows["P-A1a"]["cleared"] is True and rows["P-A1a"]["gaps"] == []
    assert rows["P-A1b"]["gaps"][-1] == {"code": "certificate_missing", "message": "No Special operation certificate."}


def test_api_a_worker_sees_only_themselves_and_another_branch_is_not_found(world, client_for, inducted):
    worker = client_for("worker_a1a")
    assert [row["person"] for row in api(worker).json()["results"]] == [inducted.pk]
    assert api(worker, f"{world.people['A1b'].pk}/").status_code == 404
    assert api(worker, f"{inducted.pk}/").json()["cleared"] is True
    leader_b = client_for("leader_b")
    assert api(leader_b, f"{inducted.pk}/").status_code == 404
    assert api(leader_b, unit=world.unit("A").pk).json()["results"] == []  # a unit they cannot see: nobody
    assert api(leader_b, f"{world.people['B1a'].pk}/", day="1800-01-01").status_code == 400
    assert api(leader_b, day="1800-01-01").status_code == 400
    assert api(leader_b, "abc/").status_code == 404


def test_api_list_queries_do_not_grow_with_people(world, client_for, inducted):
    c = client_for("leader_a")
    api(c, unit=world.unit("A1a").pk)
    with CaptureQueriesContext(connection) as small:
        api(c, unit=world.unit("A1a").pk)
    for _ in range(8):
        PersonFactory(unit=world.unit("A1a"), position=world.position)
    with CaptureQueriesContext(connection) as big:
        assert len(api(c, unit=world.unit("A1a").pk).json()["results"]) == 9
    assert len(big) == len(small)

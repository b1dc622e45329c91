"""Who holds which list: the principal person, the safety officers, the deputy (RoleHolder), team leaders and
monitors, the people on a post; the nearest list above wins; a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.responsibility.factories import acknowledged, list_in_force
from zeroharm.org.models import Person
from zeroharm.responsibility.choices import UnitRole
from zeroharm.responsibility.models import RoleHolder
from zeroharm.responsibility.selectors.holders import POST, ROLE, holders_of_list, holdings_in, holdings_of
from zeroharm.teams.models import TeamProfile

pytestmark = pytest.mark.django_db


def _roles(world):
    """A's principal is A's person, A1's principal A1's, B1's safety officer B1's, A's deputy G's person, team A1a
    led by A1a's person and monitored by A1b's."""
    for code in ("A", "A1"):
        unit = world.unit(code)
        unit.principal = world.people[code]
        unit.save()
    world.unit("B1").safety_officers.add(world.people["B1"])
    RoleHolder.objects.create(unit=world.unit("A"), unit_role=UnitRole.DEPUTY_SAFETY, person=world.people["G"])
    TeamProfile.objects.create(unit=world.unit("A1a"), leader=world.people["A1a"], monitor=world.people["A1b"])


def _keys(holdings):
    return sorted((h.person_id, h.unit_id, h.key) for h in holdings if h.key[0] == ROLE)


def test_holders_are_read_where_they_are_kept(world):
    _roles(world)
    p, u = world.people, world.units
    expected = [
        (p["A"].pk, u["A"].pk, (ROLE, UnitRole.FIRST_LEADER)),
        (p["A1"].pk, u["A1"].pk, (ROLE, UnitRole.FIRST_LEADER)),
        (p["B1"].pk, u["B1"].pk, (ROLE, UnitRole.SAFETY_OFFICER)),
        (p["G"].pk, u["A"].pk, (ROLE, UnitRole.DEPUTY_SAFETY)),
        (p["A1a"].pk, u["A1a"].pk, (ROLE, UnitRole.TEAM_LEADER)),
        (p["A1b"].pk, u["A1a"].pk, (ROLE, UnitRole.TEAM_MONITOR)),
    ]
    assert _keys(holdings_in(world.unit("G"))) == sorted(expected)
    posts = [h for h in holdings_in(world.unit("A")) if h.key[0] == POST]
    assert sorted(h.person_id for h in posts) == sorted(p[c].pk for c in ("A", "A1", "A1a", "A1b", "A2"))
    assert _keys(holdings_of(p["A1a"])) == [(p["A1a"].pk, u["A1a"].pk, (ROLE, UnitRole.TEAM_LEADER))]


def test_a_person_who_left_holds_nothing(world):
    _roles(world)
    Person.objects.filter(pk=world.people["A1b"].pk).update(status="left")
    assert (ROLE, UnitRole.TEAM_MONITOR) not in {h.key for h in holdings_in(world.unit("A"))}
    assert holdings_of(Person.objects.get(pk=world.people["A1b"].pk)) == []


def test_the_nearest_list_above_the_holder_wins(world):
    group = list_in_force(world, "W-G", unit="G", approver="safety")
    branch = list_in_force(world, "W-A1", unit="A1")
    lists = {h.person_id: h.duty_list for h in holdings_in(world.unit("G")) if h.key[0] == POST}
    p = world.people
    assert {code: lists[p[code].pk].code for code in ("G", "A", "A1", "A1a", "A2", "B1a")} == {
        "G": "W-G",
        "A": "W-G",
        "A1": "W-A1",
        "A1a": "W-A1",
        "A2": "W-G",
        "B1a": "W-G",
    }
    assert sorted(h.person_id for h in holders_of_list(branch)) == sorted(p[c].pk for c in ("A1", "A1a", "A1b"))
    assert len(holders_of_list(group)) == 6  # G, A, A2, B, B1, B1a


def test_acknowledged_means_the_version_in_force(world):
    duty_list = list_in_force(world, unit="A1")
    (holding,) = holdings_of(world.people["A1a"])
    assert (holding.duty_list, holding.acknowledged) == (duty_list, False)
    acknowledged(world, duty_list)
    (holding,) = holdings_of(world.people["A1a"])
    assert holding.acknowledged and holding.effective_on == timezone.localdate()


def _grow(world, n):
    from zeroharm.org.models import OrgUnit

    for i in range(n):
        parent = OrgUnit.objects.get(code="A1")
        team = OrgUnit.objects.add_child(parent, {"code": f"T{n}-{i}", "name": f"Team {i}", "kind": "team"})
        person = Person.objects.create(employee_no=f"E{n}-{i}", name=f"Member {i}", unit=team, position=world.position)
        team.principal = person
        team.save()
        TeamProfile.objects.create(unit=team, leader=person, monitor=person)
        RoleHolder.objects.create(unit=team, person=person)
        team.safety_officers.add(person)


def test_query_count_does_not_grow_with_units_and_people(world):
    list_in_force(world, unit="A")
    counts = []
    for n in (1, 6):
        _grow(world, n)
        with CaptureQueriesContext(connection) as queries:
            holdings = holdings_in(world.unit("G"))
        counts.append(len(queries))
    assert len(holdings) > 30 and counts[0] == counts[1] <= 8, counts

"""Responsibility lists for tests, made through the services the pages use."""

from __future__ import annotations

from django.utils import timezone

from tests.conftest import PASSWORD


def duties(n: int, prefix: str = "Duty") -> list[dict]:
    return [
        {"number": str(i), "text": f"{prefix} {i}", "scope": f"Scope {i}", "assessment": f"Standard {i}"}
        for i in range(1, n + 1)
    ]


def list_in_force(world, code="RL-1", *, unit="A", n=3, unit_role=None, position=None, approver="leader_a", today=None):
    """A list of `n` duties for a role or (default) the test group's welder post, approved by `approver`."""
    from zeroharm.responsibility.services.lists import list_create, version_approve

    data = {"unit": world.unit(unit), "code": code, "title": f"List {code}"}
    if unit_role:
        data["unit_role"] = unit_role
    else:
        data["position"] = position or world.position
    duty_list = list_create(data=data, duties=duties(n, code), acting_user=world.users["safety"])
    version_approve(
        version=duty_list.versions.get(),
        acting_user=world.users[approver],
        password=PASSWORD,
        expected_version=None,
        today=today or timezone.localdate(),
    )
    duty_list.refresh_from_db()
    return duty_list


def acknowledged(world, duty_list, persona="worker_a1a"):
    from zeroharm.responsibility.services.acknowledge import acknowledge

    return acknowledge(duty_list=duty_list, acting_user=world.users[persona], password=PASSWORD)


def first_leaders(world, leaders=(("G", "admin"), ("A", "leader_a"), ("A1", "director_a1"), ("B", "leader_b"))):
    """Each unit's principal person, given the persona's login: the first leaders who sign agreements."""
    for code, persona in leaders:
        person = world.people[code]
        person.user = world.users[persona]
        person.save()
        unit = world.unit(code)
        unit.principal = person
        unit.save()
        world.units[code] = unit


GROUP_TARGETS = [
    {"indicator": "incidents.fatalities", "comparison": "=", "value": "0", "weight": None, "veto": True},
    {"indicator": "hazards.rectified_on_time", "comparison": ">=", "value": "95", "weight": None, "veto": False},
]


def agreement_template(world, unit="G", level="group_branch", targets=None, title="Safety agreement"):
    from zeroharm.responsibility.services.agreements import template_create

    return template_create(
        data={"unit": world.unit(unit), "level": level, "title": title, "clauses": "1. Keep people safe."},
        targets=GROUP_TARGETS if targets is None else targets,
        acting_user=world.users["safety" if unit == "G" else "leader_a"],
    )


def issued(world, unit="G", level="group_branch", targets=None, recipient=None, year=2026, due_on=None):
    """Drafts for the year from a new template of `unit` (to `recipient`, or to every child)."""
    import datetime

    from zeroharm.responsibility.services.agreements import agreement_issue

    template = agreement_template(world, unit, level, targets)
    return agreement_issue(
        template=template,
        year=year,
        due_on=due_on or datetime.date(year, 3, 31),
        recipient=world.unit(recipient) if recipient else None,
        acting_user=world.users["safety" if unit == "G" else "leader_a"],
    )


def signed(world, agreement, party_a, party_b):
    """Sent by the issuer's office and signed by both first leaders."""
    from zeroharm.responsibility.services.agreements import agreement_send, agreement_sign

    sender = "safety" if agreement.issuer.code == "G" else "leader_a"
    agreement = agreement_send(agreement=agreement, acting_user=world.users[sender])
    agreement = agreement_sign(agreement=agreement, acting_user=world.users[party_a], password=PASSWORD)
    return agreement_sign(agreement=agreement, acting_user=world.users[party_b], password=PASSWORD)


A1_TARGETS = [
    {"indicator": "incidents.fatalities", "comparison": "=", "value": "0", "weight": None, "veto": True},
    {"indicator": "hazards.rectified_on_time", "comparison": ">=", "value": "96", "weight": None, "veto": False},
]


def team_chain(world, year=2026):
    """G → A → A1 → team A1a, each signed; team A1a's leader (monitor_a1a's person, its principal) and a second
    member without a login beside the worker (worker_a1a). Returns the team's own agreement."""
    import datetime

    from zeroharm.org.models import Person

    first_leaders(world)
    leader = Person.objects.create(
        employee_no="P-A1a-L", name="Team leader A1a", unit=world.unit("A1a"), user=world.users["monitor_a1a"]
    )
    Person.objects.create(employee_no="P-A1a-2", name="Second member", unit=world.unit("A1a"))
    world.people["A1a-leader"] = leader
    team = world.unit("A1a")
    team.principal = leader
    team.save()
    world.units["A1a"] = team
    to_a = issued(world, recipient="A", year=year)[0]
    signed(world, to_a, "admin", "leader_a")
    to_a1 = issued(world, unit="A", level="branch_workshop", targets=A1_TARGETS, recipient="A1", year=year)[0]
    signed(world, to_a1, "leader_a", "director_a1")
    to_team = issued(world, unit="A1", level="workshop_team", targets=A1_TARGETS, recipient="A1a", year=year)[0]
    return signed(world, to_team, "director_a1", "monitor_a1a"), datetime.date(year, 4, 30)


# Two count targets, so that a unit's incidents put its agreement at risk (a serious injury early in the year
# projects past "≤ 1") or miss it (a death is past "= 0" for good).
COUNT_TARGETS = [
    {"indicator": "incidents.fatalities", "comparison": "=", "value": "0", "weight": None, "veto": True},
    {"indicator": "incidents.serious_injuries", "comparison": "<=", "value": "1", "weight": None, "veto": False},
]


def standing_cases(world, year=2026) -> dict:
    """G → A and G → B signed, A → A1 signed, A → A2 sent and not signed; a death in A2 and a serious injury in A1a
    in March: A missed, A1 at risk, B on track, A2 not measured (unsigned). Last year's G → B signed too, with a
    death in B1a that year. Returns the agreements by party B's code (last year's as "B-last")."""
    import datetime

    from tests.factories import at, reported_incident
    from zeroharm.responsibility.services.agreements import agreement_send

    first_leaders(world)
    _to_a_last, b_last = issued(world, targets=COUNT_TARGETS, year=year - 1)
    made = {"B-last": signed(world, b_last, "admin", "leader_b")}
    to_a, to_b = issued(world, targets=COUNT_TARGETS, year=year)
    made["A"], made["B"] = signed(world, to_a, "admin", "leader_a"), signed(world, to_b, "admin", "leader_b")
    to_a1, to_a2 = issued(world, unit="A", level="branch_workshop", targets=COUNT_TARGETS, year=year)
    made["A1"] = signed(world, to_a1, "leader_a", "director_a1")
    made["A2"] = agreement_send(agreement=to_a2, acting_user=world.users["leader_a"])
    reported_incident(world, "B1a", at(year - 1, 5, 2), outcome="fatal", date_of_death=datetime.date(year - 1, 5, 2))
    reported_incident(world, "A2", at(year, 3, 2), outcome="fatal", date_of_death=datetime.date(year, 3, 2))
    reported_incident(world, "A1a", at(year, 3, 3), outcome="lost_time", days_away=130)
    return made

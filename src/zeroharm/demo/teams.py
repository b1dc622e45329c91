"""Team safety, through the services the pages use (data/teams.yaml):

- a few days before the pilot workshop starts, the group's safety manager writes and approves (signs) the operating
  procedures of the main posts, every team gets its settings (leader, monitor, briefing time, the first briefing
  day: the pilot workshop a month before the rest) and its leader and monitor a login;
- the afternoon before go-live, every other team's paper briefing log of the months before (demo/teams_paper.py);
- from their first day, every team's pre-shift briefings, monitors' observations and monthly safety activities
  (demo/teams_briefings.py, demo/teams_records.py), the workshops' seasonal warnings, one procedure revised, and
  the not-held scan each morning;
- ten days after go-live, last year's star teams rated from last year's records (a team's briefing days begin on
  its first briefing day, so last year is judged on what the records hold: hidden dangers, incidents, training).
Setting up runs on the timeline at its moment, so the logins it makes receive no message from before they existed.
"""

from __future__ import annotations

import datetime
import random

from zeroharm.demo.clock import midnight
from zeroharm.demo.context import DEMO_PASSWORD, Demo
from zeroharm.demo.data import load

__all__ = ["build_teams", "TeamCrew"]


class TeamCrew:
    """What a team's lives share: its settings, its leader's and monitor's logins, its members and its clauses."""

    def __init__(self, team, profile, leader, monitor, members, clauses, checks):
        self.team, self.profile, self.leader, self.monitor = team, profile, leader, monitor
        self.members, self.clauses, self.checks = members, clauses, checks
        self.sloppy = False


def build_teams(demo: Demo):
    data = load("teams")
    pilot_day = demo.today - datetime.timedelta(days=data["pilot"]["days"])
    go_live = demo.today - datetime.timedelta(days=data["go_live_days"])
    made: dict = {"crews": [], "procedures": 0}
    demo.timeline.at(
        midnight(pilot_day - datetime.timedelta(days=3)) + datetime.timedelta(hours=9),
        lambda: _set_up(demo, data, pilot_day, go_live, made),
    )
    return lambda: _report(made)


def _set_up(demo: Demo, data: dict, pilot_day: datetime.date, go_live: datetime.date, made: dict) -> None:
    from zeroharm.demo import teams_briefings, teams_paper, teams_records

    rng = demo.rng("teams")
    made["procedures"] = _procedures(demo, data)
    made["crews"] = crews = _crews(demo, rng, data, pilot_day, go_live)
    for index in rng.sample(range(len(crews)), data["habits"]["sloppy_teams"]):
        crews[index].sloppy = True
    _warnings(demo, data)
    _revision(demo, data)
    _mornings(demo, pilot_day)
    teams_briefings.plan(demo, data, crews)
    teams_records.plan(demo, data, crews)
    teams_paper.plan(demo, data, crews, go_live)
    rated = midnight(go_live + datetime.timedelta(days=10)) + datetime.timedelta(hours=10)
    demo.timeline.at(rated, lambda: _stars(demo, made))


#
# Procedures
#


def _procedures(demo: Demo, data: dict) -> int:
    from zeroharm.org.models import Position
    from zeroharm.risks.models import RiskPoint
    from zeroharm.teams.services.procedures import procedure_create, version_approve

    safety, posts = demo.users["safety"], {p.code: p for p in Position.objects.all()}
    for code, title, kind, post_codes, clauses in data["procedures"]:
        owner = demo.units[code.split("-")[0]]
        words = data["risk_words"].get(code, [])
        points = [
            p
            for p in RiskPoint.objects.filter(unit__path__startswith=owner.path, is_archived=False).order_by("code")
            if any(word in p.name for word in words)
        ]
        procedure = procedure_create(
            data={"unit": owner, "code": code, "title": title, "kind": kind},
            m2m={"positions": [posts[c] for c in post_codes], "risk_points": points},
            clauses=[_clause(row) for row in clauses],
            acting_user=safety,
        )
        version_approve(
            version=procedure.versions.get(), acting_user=safety, password=DEMO_PASSWORD, expected_version=None
        )
    return len(data["procedures"])


def _clause(row) -> dict:
    number, text, key_risks, ppe = row
    return {"number": number, "text": text, "key_risks": key_risks, "ppe": ppe}


def _revision(demo: Demo, data: dict) -> None:
    """A procedure revised after an incident's lessons: its next draft, the added clauses, approved."""
    from zeroharm.teams.models import Procedure
    from zeroharm.teams.services.procedures import clauses_replace, draft_of, version_approve

    safety = demo.users["safety"]
    for code, days, note, added in data["revisions"]:

        def revise(code=code, note=note, added=added):
            draft = draft_of(procedure=Procedure.objects.get(code=code), acting_user=safety)
            clauses = list(draft.clauses.order_by("position").values("number", "text", "key_risks", "ppe"))
            draft = clauses_replace(
                version=draft,
                clauses=clauses + [_clause(row) for row in added],
                change_note=note,
                acting_user=safety,
                expected_version=None,
            )
            version_approve(version=draft, acting_user=safety, password=DEMO_PASSWORD, expected_version=None)

        demo.timeline.at(midnight(demo.today - datetime.timedelta(days=days)) + datetime.timedelta(hours=15), revise)


#
# Teams: settings, logins, members
#


def _crews(demo: Demo, rng: random.Random, data: dict, pilot_day, go_live) -> list[TeamCrew]:
    from zeroharm.core.services import record_create
    from zeroharm.org.choices import UnitKind
    from zeroharm.teams.models import TeamProfile
    from zeroharm.teams.selectors.briefings import checklist_for

    admin, safety = demo.users["admin"], demo.users["safety"]
    members_of = _members_by_team(demo)
    pilot = demo.units[data["pilot"]["workshop"]].path
    crews = []
    for team in demo.of_kind(UnitKind.TEAM):
        members = members_of.get(team.pk, [])
        if len(members) < 3:
            continue
        leader = next((p for p in members if p.pk == team.principal_id), members[0])
        monitor = rng.choice([p for p in members if p.pk != leader.pk])
        profile = record_create(
            model=TeamProfile,
            acting_user=safety,
            data={
                "unit": team,
                "leader": leader,
                "monitor": monitor,
                "briefing_time": datetime.time(*map(int, rng.choice(data["habits"]["times"]).split(":"))),
                "weekdays": "012345" if rng.random() < 0.8 else "01234",
                "briefings_from": pilot_day if team.path.startswith(pilot) else go_live,
                "rotation_days": rng.choice([15, 20, 20, 30]),
            },
        )
        leader_user = _login(demo, admin, leader, team, "supervisor", team.code.lower())
        monitor_user = _login(demo, admin, monitor, team, "employee", f"{team.code.lower()}-monitor")
        checks = {key: True for key, _text in checklist_for(team)["person"]}
        crews.append(TeamCrew(team, profile, leader_user, monitor_user, members, [], checks))
    _clauses(crews)
    return crews


def _members_by_team(demo: Demo) -> dict[int, list]:
    """Read again: the pilot team's members were given logins by the training steps since demo.people was read."""
    from zeroharm.org.models import Person

    members: dict[int, list] = {}
    people = Person.objects.filter(unit__path__startswith=demo.units[demo.root].path, unit__kind="team")
    for person in people.filter(status="active").select_related("user", "unit").order_by("employee_no"):
        members.setdefault(person.unit_id, []).append(person)
    return members


def _login(demo: Demo, admin, person, team, role: str, username: str):
    """The person's login (the persona's when they have one), with a role in their team."""
    from zeroharm.demo.org import give_login

    if not person.user_id:
        person.user = give_login(admin, person, username, role, team)
    return person.user


def _clauses(crews: list[TeamCrew]) -> None:
    """Each team's clauses in force (for the observations that name the clause broken)."""
    from zeroharm.teams.selectors.procedures import clauses_in_force, team_procedures

    for crew in crews:
        crew.clauses = clauses_in_force(list(team_procedures(crew.team).values_list("pk", flat=True)))


#
# Warnings, the morning scan, the star rating
#


def _warnings(demo: Demo, data: dict) -> None:
    """The season's warnings, each entered by the group's safety manager for every workshop on its first day."""
    from zeroharm.core.services import record_create
    from zeroharm.org.choices import UnitKind
    from zeroharm.teams.models import ShiftWarning

    safety, workshops = demo.users["safety"], demo.of_kind(UnitKind.WORKSHOP)
    for text, days_before, days in data["warnings"]:
        first = demo.today - datetime.timedelta(days=days_before)

        def enter(text=text, first=first, days=days):
            for workshop in workshops:
                record_create(
                    model=ShiftWarning,
                    acting_user=safety,
                    data={
                        "unit": workshop,
                        "text": text,
                        "starts_on": first,
                        "ends_on": first + datetime.timedelta(days=days - 1),
                    },
                )

        demo.timeline.at(midnight(first - datetime.timedelta(days=1)) + datetime.timedelta(hours=16), enter)


def _mornings(demo: Demo, first: datetime.date) -> None:
    """The worker's scan of briefings not held, each morning at ten (a briefing is due two hours after its start)."""
    from zeroharm.teams.scans import briefings_not_held

    def mornings():
        day = first
        while day < demo.today:
            moment = midnight(day) + datetime.timedelta(hours=10, minutes=30)
            yield moment
            briefings_not_held(now=moment)
            day += datetime.timedelta(days=1)

    demo.timeline.add(mornings())


def _stars(demo: Demo, made: dict) -> None:
    from zeroharm.teams.services.stars import stars_rate

    today = demo.timeline.now.date()
    made["stars"] = stars_rate(
        unit=demo.units[demo.root], year=demo.today.year - 1, acting_user=demo.users["safety"], today=today
    )


def _report(made: dict) -> str:
    from zeroharm.teams.models import Briefing, BriefingAttendance, Observation, TeamActivity

    statuses: dict[str, int] = {}
    for status in Briefing.objects.values_list("status", flat=True):
        statuses[status] = statuses.get(status, 0) + 1
    stars = sum(1 for rating in made.get("stars", []) if rating.stars >= 4)
    return (
        f"{made['procedures']} procedures, {len(made['crews'])} teams, briefings {statuses}, "
        f"{BriefingAttendance.objects.count()} sign-in rows, {Observation.objects.count()} observations, "
        f"{TeamActivity.objects.count()} activities, {stars} teams of four stars or more last year"
    )

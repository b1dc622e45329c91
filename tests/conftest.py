"""Shared fixtures: a small group with two branches and one login per persona.

G (group)
├── A (branch)            leader_a, ...
│   ├── A1 (workshop)     director_a1
│   │   ├── A1a (team)    monitor_a1a, worker_a1a
│   │   └── A1b (team)
│   └── A2 (workshop)
└── B (branch)            leader_b: "a user of another branch"
    └── B1 (workshop)
        └── B1a (team)
"""

from __future__ import annotations

import datetime
import os
from decimal import Decimal
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop shares the process (STACK_NOTES)

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"

TREE = [
    ("A", "Branch A", [("A1", "Workshop A1", [("A1a", "Team A1a"), ("A1b", "Team A1b")]), ("A2", "Workshop A2", [])]),
    ("B", "Branch B", [("B1", "Workshop B1", [("B1a", "Team B1a")])]),
]
# persona → (role, unit code)
PERSONAS = {
    "admin": ("admin", "G"),
    "safety": ("safety_manager", "G"),
    "leader_a": ("unit_leader", "A"),
    "director_a1": ("supervisor", "A1"),
    "monitor_a1a": ("supervisor", "A1a"),
    "worker_a1a": ("employee", "A1a"),
    "auditor": ("auditor", "G"),
    "leader_b": ("unit_leader", "B"),
}
PASSWORD = "Test-password-2026"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium where it exists (Playwright cannot download browsers here), else Playwright's own."""
    if Path("/usr/bin/chromium").exists():
        return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium", "args": CHROMIUM_ARGS}
    return {**browser_type_launch_args, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test databases are made from the models, not by replaying the migrations (`--no-migrations` in
    pyproject: 64 migrations take over a minute per worker, half of CI's set-up). What the migrations seed — the
    national themes of the Safety Production Month — is seeded here by the migration's own function; the migrations
    themselves run in the demo's and the deployment tests' databases, and `makemigrations --check` holds them equal
    to the models."""
    import importlib

    from django.apps import apps

    themes = importlib.import_module("zeroharm.campaigns.migrations.0002_national_themes")
    with django_db_blocker.unblock():
        themes.fill(apps, None)


@pytest.fixture(autouse=True)
def english_after_each_test():
    """A request by a user who chose Chinese leaves Chinese active in the thread; start every test in English."""
    yield
    from django.utils import translation

    translation.activate("en")


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache, whose entries never expire (tests/frozen_cache.py), and without the
    checklist keys a process keeps of its own (teams.selectors.briefings.person_check_keys)."""
    from django.core.cache import cache

    from zeroharm.teams.selectors.briefings import _kept

    cache.clear()
    _kept.clear()
    yield


@pytest.fixture(autouse=True)
def no_refusals_carried_over():
    """A service called directly with a wrong password keeps its refusal for the end of a request that never comes
    (core.signatures): not carried into the next test's database."""
    from zeroharm.core.signatures import _refusals

    _refusals.set(None)
    yield


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


class World:
    """The test group: units by code, people by unit code, users by persona."""

    def __init__(self):
        from zeroharm.core.tallies import deferred

        # The home page's per-unit counts, once per unit at the end rather than at each of its 38 writes: the same
        # rows (core.tallies.deferred), in a fixture thousands of tests build.
        with deferred():
            self._build()

    def _build(self):
        from simple_history.utils import bulk_create_with_history

        from zeroharm.accounts.models import RoleAssignment, User
        from zeroharm.core.events import publish
        from zeroharm.core.tallies import recount
        from zeroharm.org.models import ManHours, OrgUnit, Person, Position
        from zeroharm.org.trees import build_tree

        build_tree(TREE, root_code="G", root_name="Group G", root_index=9)
        self.units = {u.code: u for u in OrgUnit.objects.all()}
        self.position = Position.objects.create(code="WELDER", name="Welder", is_special_operation=True)
        # A person per unit, registered at once as the people register does (org.services.people_bulk_create, which
        # needs a user who may add them: this world has none yet): one insert, and training opens their inductions.
        people = [
            Person(
                employee_no=f"P-{code}",
                name=f"Person of {code}",
                unit=unit,
                position=self.position,
                hire_date=datetime.date(2020, 1, 1),
                birth_date=datetime.date(1990, 1, 1),
            )
            for code, unit in self.units.items()
        ]
        people = bulk_create_with_history(people, Person)
        recount(Person, {person.unit_id for person in people})
        publish("org.people_added", people=people, acting_user=None)
        self.people = {person.unit.code: person for person in people}
        self.man_hours = {
            code: ManHours.objects.create(
                unit=self.units[code],
                month=datetime.date(2026, 10, 1),
                hours=Decimal("1000.0"),
                average_headcount=Decimal("6.0"),
            )
            for code in ("A1a", "B1a")
        }
        self.users = {}
        for persona, (role, code) in PERSONAS.items():
            user = User.objects.create_user(persona, f"{persona}@example.com", PASSWORD)
            RoleAssignment.objects.create(user=user, role=role, unit=self.units[code])
            self.users[persona] = user
        worker = self.people["A1a"]
        worker.user = self.users["worker_a1a"]
        worker.save()
        self.assignments = {a.user.username: a for a in RoleAssignment.objects.select_related("user")}
        from zeroharm.risks.models import Control, HazardSource, RiskPoint

        self.risk_points, self.hazard_sources, self.controls = {}, {}, {}
        for code in ("A", "A1a", "B1a"):
            point = RiskPoint.objects.create(
                unit=self.units[code], code=f"RP-{code}", name=f"Risk of {code}", kind="place"
            )
            self.risk_points[code] = point
            self.hazard_sources[code] = HazardSource.objects.create(
                risk_point=point, description=f"Hazard at {code}", cause_category="equipment", accident_types=["03"]
            )
            self.controls[code] = Control.objects.create(
                risk_point=point, control_type="engineering", description=f"Guard at {code}"
            )

    def unit(self, code):
        return self.units[code]


@pytest.fixture
def world(db) -> World:
    return World()


@pytest.fixture
def client_for(client, world):
    """`client_for("leader_a")` → a test client signed in as that persona."""

    def make(persona: str):
        from django.test import Client

        c = Client()
        c.force_login(world.users[persona])
        return c

    return make

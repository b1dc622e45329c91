"""People, not logins (issue 11, point 11): wherever a user is shown, the person's name and unit show, falling back
to the user's full name, then the login name."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def zhangwei(world):
    """A login "zhangwei" of the person 张伟 in team A1a, an employee there."""
    from zeroharm.accounts.models import RoleAssignment, User
    from zeroharm.org.models import Person

    user = User.objects.create_user("zhangwei", "zw@example.com", PASSWORD)
    RoleAssignment.objects.create(user=user, role="employee", unit=world.unit("A1a"))
    Person.objects.create(employee_no="P-ZW", name="张伟", unit=world.unit("A1a"), user=user)
    return User.objects.get(pk=user.pk)


def test_a_user_is_named_by_person_then_full_name_then_login(world, zhangwei):
    from zeroharm.accounts.models import User

    assert str(zhangwei) == "张伟 · Team A1a"
    named = User.objects.create_user("lm", first_name="Li", last_name="Ming")
    assert str(named) == "Li Ming"
    assert str(User.objects.create_user("bare")) == "bare"


def _reported_by(user, world):
    from zeroharm.hazards.services import hazard_report

    return hazard_report(acting_user=user, unit=world.unit("A1a"), location="Press 3", description="Guard missing")


def test_his_name_not_his_login_on_the_hazard_its_history_and_the_header(world, zhangwei, client):
    hd = _reported_by(zhangwei, world)
    client.force_login(zhangwei)
    page = client.get(reverse("hazards:hazard_detail", args=[hd.pk])).content.decode()
    assert page.count("张伟") >= 3, "reporter, history and header"
    assert "zhangwei" not in page
    home = client.get(reverse("home")).content.decode()
    assert "张伟" in home and "zhangwei" not in home


def test_the_api_names_the_reporter(world, zhangwei, client_for):
    hd = _reported_by(zhangwei, world)
    body = client_for("admin").get(f"/api/v1/hidden-dangers/{hd.pk}/").json()
    assert body["reported_by"] == "张伟 · Team A1a"


def test_the_history_names_everyone_with_a_constant_number_of_queries(world, client_for):
    """Each change by another person: the history page still reads the names in the same few queries."""
    from zeroharm.accounts.models import RoleAssignment, User
    from zeroharm.core.history import HistoryEntries
    from zeroharm.core.services import record_update
    from zeroharm.org.models import Person

    point = world.risk_points["A1a"]

    def edit_by(n):
        for i in range(n):
            user = User.objects.create_user(f"editor{n}-{i}")
            RoleAssignment.objects.create(user=user, role="safety_manager", unit=world.unit("G"))
            Person.objects.create(employee_no=f"E{n}-{i}", name=f"编辑{n}-{i}", unit=world.unit("A1"), user=user)
            point.refresh_from_db()
            record_update(
                instance=point, data={"name": f"Risk {n}-{i}"}, acting_user=user, expected_version=point.version
            )

    def read():
        with CaptureQueriesContext(connection) as queries:
            names = [entry.user for entry in HistoryEntries(point)[:50]]
        return names, len(queries)

    edit_by(1)
    names, few = read()
    assert "编辑1-0 · Workshop A1" in names
    edit_by(6)
    names, many = read()
    assert "编辑6-5 · Workshop A1" in names
    assert many == few


def test_an_incidents_gate_signers_are_named_without_a_query_each(world):
    """The four closure gates show who confirmed them (person · unit): read with the gates, not one query each."""
    from django.utils import timezone

    from tests.factories import at, reported_incident
    from zeroharm.accounts.models import User
    from zeroharm.incidents.choices import Gate
    from zeroharm.incidents.models import GateSign
    from zeroharm.incidents.services import gate_checks
    from zeroharm.org.models import Person

    incident = reported_incident(world, "A1a", at(2026, 3, 2))
    for i, gate in enumerate(Gate.values):
        user = User.objects.create_user(f"signer{i}")
        Person.objects.create(employee_no=f"S{i}", name=f"签字人{i}", unit=world.unit("A1"), user=user)
        GateSign.objects.create(incident=incident, gate=gate, evidence="ok", signed_by=user, signed_at=timezone.now())
    checks = gate_checks(incident)
    with CaptureQueriesContext(connection) as queries:
        names = [str(check.sign.signed_by) for check in checks]
    assert names == [f"签字人{i} · Workshop A1" for i in range(len(Gate.values))]
    assert len(queries) == 0

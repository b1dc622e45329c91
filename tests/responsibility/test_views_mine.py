"""My responsibilities: the lists the signed-in person holds, acknowledged with their password on the page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.responsibility.factories import list_in_force
from tests.support.drawings import drawn
from zeroharm.responsibility.choices import UnitRole
from zeroharm.responsibility.models import Acknowledgement

pytestmark = pytest.mark.django_db

MATRIX_URL_NAMES = {"responsibility:mine", "responsibility:acknowledge"}


def url(name, *args):
    return reverse(f"responsibility:{name}", args=args)


def test_no_login_goes_to_the_sign_in_page(world):
    response = Client().get(url("mine"))
    assert response.status_code == 302 and "/login/" in response["Location"]
    response = Client().post(url("acknowledge", 1), {"password": PASSWORD})
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_holder_reads_and_acknowledges_their_list(world, client_for):
    welders = list_in_force(world, "W-A1", unit="A1", n=2)
    c = client_for("worker_a1a")
    page = c.get(url("mine")).content.decode()
    assert "List W-A1" in page and "W-A1 1" in page and "Standard 2" in page and "Acknowledge and sign" in page
    wrong = c.post(url("acknowledge", welders.pk), {"password": "wrong"}, follow=True)
    assert "nothing was signed" in wrong.content.decode() and not Acknowledgement.objects.exists()
    signed = c.post(url("acknowledge", welders.pk), {"password": PASSWORD}, follow=True)
    page = signed.content.decode()
    assert "You acknowledged List W-A1, version 1." in page and "You acknowledged this version on" in page
    assert Acknowledgement.objects.get().signature.drawing == ""  # drawing is optional
    again = c.post(url("acknowledge", welders.pk), {"password": PASSWORD}, follow=True)
    assert "already acknowledged version 1" in again.content.decode()
    assert Acknowledgement.objects.count() == 1


def test_a_holder_may_draw_their_signature_on_the_list(world, client_for):
    welders = list_in_force(world, "W-A1", unit="A1", n=2)
    c = client_for("worker_a1a")
    assert "data-signature-box" in c.get(url("mine")).content.decode()
    c.post(url("acknowledge", welders.pk), {"password": PASSWORD, "drawing": drawn()})
    assert Acknowledgement.objects.get().signature.drawing_sha256


@pytest.mark.parametrize(("persona", "expected"), [("leader_a", 403), ("auditor", 403), ("leader_b", 404)])
def test_someone_who_does_not_hold_the_list_cannot_sign_it(world, client_for, persona, expected):
    welders = list_in_force(world, "W-A1", unit="A1", n=2)
    response = client_for(persona).post(url("acknowledge", welders.pk), {"password": PASSWORD})
    assert response.status_code == expected and not Acknowledgement.objects.exists()
    page = client_for(persona).get(url("mine")).content.decode()
    assert "not linked to a person" in page


def test_an_unknown_list_is_404(world, client_for):
    assert client_for("worker_a1a").post(url("acknowledge", 999999), {"password": PASSWORD}).status_code == 404


def test_the_page_runs_a_fixed_number_of_queries(world, client_for):
    """One list held, then four (the worker also leads, monitors and heads their team): the same queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from zeroharm.teams.models import TeamProfile

    c = client_for("worker_a1a")
    c.get(url("mine"))  # the menu and the session, kept after the first page
    list_in_force(world, "W-1", unit="A", n=4)
    counts = []
    with CaptureQueriesContext(connection) as queries:
        assert c.get(url("mine")).content.decode().count("Acknowledge and sign") == 1
    counts.append(len(queries))
    worker, team = world.people["A1a"], world.unit("A1a")
    team.principal = worker
    team.save()
    TeamProfile.objects.create(unit=team, leader=worker, monitor=worker)
    for code, role in (("FL", UnitRole.FIRST_LEADER), ("TL", UnitRole.TEAM_LEADER), ("TM", UnitRole.TEAM_MONITOR)):
        list_in_force(world, code, unit="A", n=4, unit_role=role)
    c.get(url("mine"))  # the unit written above made the kept menu be drawn again: not this page's doing
    with CaptureQueriesContext(connection) as queries:
        assert c.get(url("mine")).content.decode().count("Acknowledge and sign") == 4
    counts.append(len(queries))
    assert counts[0] == counts[1], counts

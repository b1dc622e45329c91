"""The agreement pages: login, role (403), another branch (404) and content; signing on its page with a password;
the cascade board's exact counts on the test tree in a constant number of queries; the overdue scan."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD
from tests.responsibility.factories import first_leaders, issued, signed
from tests.support.drawings import drawn
from zeroharm.notifications.models import Notification
from zeroharm.responsibility.models import Agreement
from zeroharm.responsibility.scans_agreements import EVENT, overdue_agreements
from zeroharm.responsibility.services.agreements import agreement_send

pytestmark = pytest.mark.django_db

MATRIX_URL_NAMES = {
    "responsibility:agreement_list",
    "responsibility:agreement_detail",
    "responsibility:agreement_send",
    "responsibility:agreement_sign",
    "responsibility:cascade",
    "responsibility:agreement_issue",
}
A_TARGETS = [
    {"indicator": "incidents.fatalities", "comparison": "=", "value": "0", "weight": "60", "veto": True},
    {"indicator": "hazards.rectified_on_time", "comparison": ">=", "value": "96", "weight": "40", "veto": False},
]


@pytest.fixture
def cascade(world):
    """G → A signed, G → B sent (due long ago: overdue), A → A1 sent, A → A2 drafted."""
    first_leaders(world)
    to_a, to_b = issued(world, due_on=datetime.date(2026, 1, 31))
    to_a = signed(world, to_a, "admin", "leader_a")
    to_b = agreement_send(agreement=to_b, acting_user=world.users["safety"])
    to_a1, to_a2 = issued(world, unit="A", level="branch_workshop", targets=A_TARGETS, due_on=datetime.date(2099, 1, 1))
    to_a1 = agreement_send(agreement=to_a1, acting_user=world.users["leader_a"])
    return {"A": to_a, "B": to_b, "A1": to_a1, "A2": to_a2}


def test_pages_need_a_login(client, cascade):
    pk = cascade["A"].pk
    for url in (
        reverse("responsibility:agreement_list"),
        reverse("responsibility:cascade"),
        reverse("responsibility:agreement_detail", args=[pk]),
        reverse("responsibility:agreement_sign", args=[pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response["Location"], url


def test_a_role_without_the_area_is_refused(client_for, cascade):
    worker = client_for("worker_a1a")
    assert worker.get(reverse("responsibility:agreement_list")).status_code == 403
    assert worker.get(reverse("responsibility:cascade")).status_code == 403
    assert worker.get(reverse("responsibility:agreement_detail", args=[cascade["A"].pk])).status_code == 404
    sign = reverse("responsibility:agreement_sign", args=[cascade["A1"].pk])
    assert client_for("monitor_a1a").get(sign).status_code == 403  # sees it, is not a party's first leader


def test_another_branch_finds_nothing(client_for, cascade):
    b = client_for("leader_b")
    for name in ("agreement_detail", "agreement_sign"):
        assert b.get(reverse(f"responsibility:{name}", args=[cascade["A1"].pk])).status_code == 404
    assert b.post(reverse("responsibility:agreement_send", args=[cascade["A2"].pk])).status_code == 404
    listed = b.get(reverse("responsibility:agreement_list")).content.decode()
    assert "Branch B" in listed and "Workshop A1" not in listed


def test_the_agreement_page_shows_parties_targets_signatures_and_the_chain(client_for, cascade):
    page = client_for("leader_a").get(reverse("responsibility:agreement_detail", args=[cascade["A"].pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Group G" in html and "Branch A" in html and "1. Keep people safe." in html
    assert "Hidden dangers rectified on time (%)" in html and "≥ 95" in html
    assert (
        len(re.findall(r'href="/signatures/\d+/"', html)) == 2
        and "signed as party A" in html
        and "signed as party B" in html
    )
    assert reverse("responsibility:agreement_detail", args=[cascade["A1"].pk]) in html  # below
    below = client_for("leader_a").get(reverse("responsibility:agreement_detail", args=[cascade["A1"].pk]))
    assert reverse("responsibility:agreement_detail", args=[cascade["A"].pk]) in below.content.decode()  # above


def test_the_list_filters_and_exports(client_for, cascade):
    client = client_for("safety")
    html = client.get(reverse("responsibility:agreement_list"), {"status": "drafted"}).content.decode()
    assert "Workshop A2" in html and "Workshop A1" not in html
    export = client.get(reverse("responsibility:agreement_list"), {"year": 2026, "_export": "xlsx"})
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_signing_on_its_page_needs_the_password(client_for, cascade):
    url = reverse("responsibility:agreement_sign", args=[cascade["A1"].pk])
    director = client_for("director_a1")
    page = director.get(url)
    assert page.status_code == 200 and "Sign with my password" in page.content.decode()
    refused = director.post(url, {"password": "wrong"})
    assert refused.status_code == 200 and "nothing was signed" in refused.content.decode()
    assert Agreement.objects.get(pk=cascade["A1"].pk).party_b_signature_id is None
    assert director.post(url, {"password": PASSWORD}).status_code == 302
    assert client_for("leader_a").post(url, {"password": PASSWORD}).status_code == 302
    assert Agreement.objects.get(pk=cascade["A1"].pk).status == "signed"


def test_a_signature_drawn_on_the_signing_page_is_kept_and_shown(client_for, cascade):
    url = reverse("responsibility:agreement_sign", args=[cascade["A1"].pk])
    director = client_for("director_a1")
    assert "data-signature-box" in director.get(url).content.decode()  # the pad, beside the password
    empty = director.post(url, {"password": PASSWORD, "drawing": drawn(ink=False)})
    assert empty.status_code == 200 and "The drawing is empty" in empty.content.decode()
    assert Agreement.objects.get(pk=cascade["A1"].pk).party_b_signature_id is None  # nothing was signed
    assert director.post(url, {"password": PASSWORD, "drawing": drawn()}).status_code == 302
    signature = Agreement.objects.get(pk=cascade["A1"].pk).party_b_signature
    assert signature.drawing and len(signature.drawing_sha256) == 64
    page = director.get(cascade["A1"].get_absolute_url()).content.decode()
    assert reverse("signatures:drawing", args=[signature.pk]) in page


def _board(client, unit, year=2026):
    return client.get(reverse("responsibility:cascade"), {"unit": unit.pk, "year": year})


def test_the_cascade_board_counts_exactly(world, client_for, cascade):
    response = _board(client_for("safety"), world.unit("G"))
    board = response.context["board"]
    assert {label: (t.drafted, t.sent, t.signed, t.overdue) for label, t in board.by_level} == {
        "Group → branch": (0, 0, 1, 1),
        "Branch → workshop": (1, 1, 0, 0),
        "Workshop → team": (0, 0, 0, 0),
        "Team → post (each member)": (0, 0, 0, 0),
    }
    by_child = {
        c.code: (c.figures.drafted, c.figures.sent, c.figures.signed, c.figures.overdue)
        for c in board.by_child.children
    }
    assert by_child == {"A": (1, 1, 1, 0), "B": (0, 0, 0, 1)}
    assert {row.unit.code: row.status for row in board.rows} == {
        "A": "signed",
        "A1": "sent",
        "A1a": "missing",
        "A1b": "missing",
        "A2": "drafted",
        "B": "overdue",
        "B1": "missing",
        "B1a": "missing",
    }
    assert "Branch B" in response.content.decode()
    assert _board(client_for("leader_b"), world.unit("A")).status_code == 404


def test_the_cascade_board_runs_a_constant_number_of_queries(world, client_for, cascade):
    client = client_for("safety")
    _board(client, world.unit("G"))
    with CaptureQueriesContext(connection) as few:
        _board(client, world.unit("G"))
    issued(world, unit="A", level="branch_workshop", targets=A_TARGETS, year=2027)
    issued(world, year=2027)
    with CaptureQueriesContext(connection) as more:
        _board(client, world.unit("G"), year=2027)
    assert len(more) == len(few)


def test_the_overdue_scan_flags_and_notifies_once(world, cascade):
    now = timezone.now()
    assert overdue_agreements(now=now) == "1 agreements flagged overdue"
    told = Notification.objects.filter(event=EVENT)
    assert sorted(n.recipient.username for n in told) == ["admin", "leader_b"]
    assert Agreement.objects.get(pk=cascade["B"].pk).overdue_flagged_at is not None
    assert overdue_agreements(now=now + datetime.timedelta(days=1)) == "0 agreements flagged overdue"
    assert told.count() == 2


def test_the_issue_page_drafts_for_one_child_or_all(world, client_for):
    from tests.responsibility.factories import agreement_template

    url = reverse("responsibility:agreement_issue")
    assert client_for("worker_a1a").get(url).status_code == 403
    template = agreement_template(world)
    safety = client_for("safety")
    assert f'value="{template.pk}"' in safety.get(url).content.decode()
    form = {"template": template.pk, "year": 2026, "due_on": "2026-03-31"}
    assert safety.post(url, {**form, "recipient": world.unit("B").pk}).status_code == 302
    assert safety.post(url, form).status_code == 302  # B already has one: A only
    assert sorted(Agreement.objects.values_list("recipient__code", flat=True)) == ["A", "B"]
    refused = safety.post(url, {**form, "recipient": world.unit("A1").pk})
    assert "directly under the issuer" in refused.content.decode()
    leader_b = client_for("leader_b")  # the group's template is not among a branch's choices
    assert f'value="{template.pk}"' not in leader_b.get(url).content.decode()
    assert leader_b.post(url, {**form, "year": 2027}).status_code == 200
    assert not Agreement.objects.filter(year=2027).exists()

"""The register's pages and steps for each kind of user; its xlsx export reopened; the totals per unit; query counts
that do not grow with the rows."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.rewards.factories import approved, proposed, recorded, violation
from tests.support.drawings import drawn
from zeroharm.rewards.choices import State
from zeroharm.rewards.models import RewardPenalty, RuleSettings

pytestmark = pytest.mark.django_db

MATRIX_URL_NAMES = {
    "rewards:rewardpenalty_list",
    "rewards:rewardpenalty_add",
    "rewards:evidence_choices",
    "rewards:rewardpenalty_detail",
    "rewards:rewardpenalty_step",
    "rewards:totals",
    "rewards:rulesettings_list",
    "rewards:rulesettings_add",
    "rewards:rulesettings_edit",
}


def url(name, *args):
    return reverse(f"rewards:{name}", args=args)


def test_no_login_goes_to_the_sign_in_page(world):
    record = proposed(world)
    settings = RuleSettings.objects.create(unit=world.unit("A"))
    gets = [url("rewardpenalty_list"), url("rewardpenalty_add"), url("rewardpenalty_detail", record.pk)]
    gets += [url("evidence_choices", "teams.violation")]
    gets += [url("totals"), url("rulesettings_list"), url("rulesettings_add"), url("rulesettings_edit", settings.pk)]
    for address in gets:
        response = Client().get(address)
        assert response.status_code == 302 and "/login/" in response["Location"], address
    response = Client().post(url("rewardpenalty_step", record.pk, "approve"), {"version": record.version})
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize(
    ("persona", "list_", "add", "detail", "approve", "totals", "rules"),
    [
        ("leader_a", 200, 200, 200, 302, 200, 200),
        ("director_a1", 200, 200, 200, 403, 200, 403),
        ("worker_a1a", 200, 403, 200, 403, 403, 403),
        ("auditor", 200, 403, 200, 403, 200, 403),
        ("leader_b", 200, 200, 404, 404, 200, 200),
    ],
)
def test_each_page_for_each_role(world, client_for, persona, list_, add, detail, approve, totals, rules):
    record = proposed(world)
    c = client_for(persona)
    assert c.get(url("rewardpenalty_list")).status_code == list_
    assert c.get(url("rewardpenalty_add")).status_code == add
    assert c.get(url("evidence_choices", "teams.violation"), {"q": "face"}).status_code == add  # the page's search
    assert c.get(url("rewardpenalty_detail", record.pk)).status_code == detail
    assert c.get(url("totals")).status_code == totals
    assert c.get(url("rulesettings_add")).status_code == rules
    response = c.post(url("rewardpenalty_step", record.pk, "approve"), {"version": record.version})
    assert response.status_code == approve
    record.refresh_from_db()
    assert record.state == (State.APPROVED if approve == 302 else State.PROPOSED)


def test_the_list_of_another_branch_is_empty_and_settings_of_another_branch_are_404(world, client_for):
    proposed(world)
    theirs = RuleSettings.objects.create(unit=world.unit("A"))
    c = client_for("leader_b")
    assert "Grinding without a face shield" not in c.get(url("rewardpenalty_list")).content.decode()
    assert c.get(url("rulesettings_edit", theirs.pk)).status_code == 404
    assert client_for("leader_a").get(url("rulesettings_edit", theirs.pk)).status_code == 200


def test_proposing_on_the_page_cites_evidence_and_refuses_another_branchs(world, client_for):
    mine, theirs = violation(world, "A1a"), violation(world, "B1a")
    c = client_for("leader_a")
    form = {"person": world.people["A1a"].pk, "kind": "fine", "amount": "150", "reason": "No face shield"}
    form["decided_on"] = "2026-11-20"
    page = c.get(url("rewardpenalty_add")).content.decode()
    assert str(mine) in page and str(theirs) not in page
    refused = c.post(url("rewardpenalty_add"), form)
    assert refused.status_code == 200 and "rests on evidence" in refused.content.decode()
    refused = c.post(url("rewardpenalty_add"), {**form, "ev_teams_violation": [theirs.pk]})
    assert "not among the records you may cite" in refused.content.decode()
    assert not RewardPenalty.objects.exists()
    done = c.post(url("rewardpenalty_add"), {**form, "ev_teams_violation": [mine.pk]})
    record = RewardPenalty.objects.get()
    assert done.status_code == 302 and done["Location"] == record.get_absolute_url()
    assert record.proposed_by == world.users["leader_a"] and record.amount == Decimal("150")


def test_acknowledging_on_the_page_needs_the_password(world, client_for):
    record = approved(world)
    c = client_for("worker_a1a")
    page = c.get(url("rewardpenalty_detail", record.pk)).content.decode()
    assert "Acknowledge and sign" in page and "No face shield at the grinder" in page
    step = url("rewardpenalty_step", record.pk, "acknowledge")
    wrong = c.post(step, {"password": "wrong", "version": record.version}, follow=True)
    assert "nothing was signed" in wrong.content.decode()
    record.refresh_from_db()
    assert record.state == State.APPROVED
    signed = c.post(step, {"password": PASSWORD, "version": record.version}, follow=True)
    assert "recorded in the file" in signed.content.decode()
    record.refresh_from_db()
    assert record.state == State.RECORDED and record.signature is not None
    assert client_for("leader_a").post(step, {"password": PASSWORD, "version": record.version}).status_code == 302


def test_the_person_may_draw_their_signature_when_acknowledging(world, client_for):
    record = approved(world)
    c = client_for("worker_a1a")
    step = url("rewardpenalty_step", record.pk, "acknowledge")
    assert c.post(step, {"password": PASSWORD, "version": record.version, "drawing": drawn()}).status_code == 302
    record.refresh_from_db()
    assert record.signature.drawing and record.signature.drawing_sha256
    page = c.get(record.get_absolute_url()).content.decode()
    assert reverse("signatures:drawing", args=[record.signature_id]) in page


def test_the_register_exports_xlsx_with_formulas_neutralised(world, client_for):
    recorded(world, reason='=HYPERLINK("http://evil","x")')
    proposed(world, kind="warning", amount=None, reason="Second warning")
    response = client_for("leader_a").get(url("rewardpenalty_list"), {"_export": "xlsx", "year": "", "q": ""})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert "reason" in [str(h).lower() for h in header] and len(rows) == 3
    reasons = {row[header.index("Reason")] for row in rows[1:]}
    assert reasons == {'=HYPERLINK("http://evil","x")', "Second warning"}
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f"
    fine = next(row for row in rows[1:] if row[header.index("Kind")] == "Fine")
    assert fine[header.index("Amount (CNY)")] == 200


def test_totals_per_branch_equal_the_sum_of_the_records(world, client_for):
    recorded(world, kind="fine", amount="200")
    approved(world, kind="bonus", amount="500", reason="Found a crack")
    proposed(world, kind="fine", amount="999")  # not decided: not counted
    from zeroharm.rewards.services.records import approve, propose

    evidence = violation(world, "B1a")
    theirs = propose(
        data={
            "person": world.people["B1a"],
            "kind": "fine",
            "amount": Decimal("70"),
            "reason": "x",
            "decided_on": evidence.observed_at.date(),
        },
        evidence=[("teams.violation", evidence.pk)],
        acting_user=world.users["safety"],
    )
    approve(record=theirs, acting_user=world.users["leader_b"], expected_version=theirs.version)
    response = client_for("safety").get(url("totals"), {"_export": "xlsx"})
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    by_unit = {row[0]: row[1:] for row in rows[1:]}
    assert by_unit["Branch A"] == (1, 500, 1, 200) and by_unit["Branch B"] == (0, 0, 1, 70)
    assert by_unit["Total"] == (1, 500, 2, 270)
    decided = RewardPenalty.objects.filter(state__in=[State.APPROVED, State.RECORDED])
    assert sum(r.amount for r in decided if r.kind == "fine") == by_unit["Total"][3]
    page = client_for("leader_a").get(url("totals")).content.decode()
    assert "Workshop A1" in page and "Branch B" not in page


def test_the_lists_run_a_fixed_number_of_queries(world, client_for, django_assert_max_num_queries):
    c = client_for("leader_a")
    proposed(world)
    for name in ("rewardpenalty_list", "totals", "mine"):
        c.get(url(name))  # the menu and the session, kept after the first page
    counts = {}
    for name in ("rewardpenalty_list", "totals"):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert c.get(url(name)).status_code == 200
        counts[name] = len(queries)
    for _ in range(6):
        recorded(world)
        approved(world, kind="bonus", amount="10")
    for name, n in counts.items():
        with django_assert_max_num_queries(n):
            assert c.get(url(name)).status_code == 200

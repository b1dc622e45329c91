"""Revising a draft from its page: party A's side only (party B, another branch, a reading role and no login are
refused), the strictness check naming each violation, the optimistic lock, and a sent agreement revised, not
edited."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.responsibility.factories import first_leaders, issued, signed
from tests.support.permissions import check_answer
from zeroharm.responsibility.models import Agreement
from zeroharm.responsibility.services.agreements import agreement_send

pytestmark = pytest.mark.django_db

MATRIX_URL_NAMES = {"responsibility:agreement_draft", "responsibility:agreement_revise"}
PERSONAS = ["anonymous", "leader_b", "worker_a1a", "auditor", "director_a1", "leader_a", "safety"]
# Branch A's draft to workshop A1: party A's side (A and the group) edits it; party B (A1) and a reading role see it
# but may not (403); branch B and a worker do not find it (404).
DRAFT = {"anonymous": "login", "leader_b": 404, "worker_a1a": 404, "auditor": 403, "director_a1": 403}
A1_TARGETS = [
    {"indicator": "incidents.fatalities", "comparison": "=", "value": "0", "weight": None, "veto": True},
    {"indicator": "hazards.rectified_on_time", "comparison": ">=", "value": "96", "weight": None, "veto": False},
]


def url(name, agreement):
    return reverse(f"responsibility:agreement_{name}", args=[agreement.pk])


@pytest.fixture
def drafts(world):
    """G → A signed; A → A1 and A → A2 drafted from it."""
    first_leaders(world)
    to_a, _to_b = issued(world)
    signed(world, to_a, "admin", "leader_a")
    to_a1, to_a2 = issued(world, unit="A", level="branch_workshop", targets=A1_TARGETS)
    return {"A1": to_a1, "A2": to_a2}


def draft_post(agreement, rows, **fields):
    data = {
        "version": agreement.version,
        "title": "Workshop A1's agreement",
        "clauses": "1. Keep the workshop safe.\n2. Report every hidden danger.",
        "due_on": "2026-04-30",
        "targets-TOTAL_FORMS": str(len(rows)),
        "targets-INITIAL_FORMS": "0",
        **fields,
    }
    for i, row in enumerate(rows):
        for name, value in row.items():
            if value not in (None, False):
                data[f"targets-{i}-{name}"] = "on" if value is True else value
    return data


STRICTER = [
    {"indicator": "hazards.rectified_on_time", "comparison": ">=", "value": "98", "veto": False},
    {"indicator": "incidents.fatalities", "comparison": "=", "value": "0", "veto": True},
    {"indicator": "incidents.serious_injuries", "comparison": "=", "value": "0", "veto": False},
]


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_draft_page(client_for, drafts, persona):
    client = Client() if persona == "anonymous" else client_for(persona)
    response = client.get(url("draft", drafts["A1"]))
    expected = DRAFT.get(persona, 200)
    check_answer(response, expected)
    if expected == 200:
        html = response.content.decode()
        assert "1. Keep people safe." in html and 'value="hazards.rectified_on_time" selected' in html
    posted = client.post(url("draft", drafts["A1"]), draft_post(drafts["A1"], STRICTER))
    check_answer(posted, 302 if expected == 200 else expected)
    assert Agreement.objects.get(pk=drafts["A1"].pk).targets.count() == (3 if expected == 200 else 2)


def test_party_a_revises_the_draft(client_for, drafts):
    response = client_for("leader_a").post(url("draft", drafts["A1"]), draft_post(drafts["A1"], STRICTER))
    assert response.status_code == 302 and response["Location"] == drafts["A1"].get_absolute_url()
    agreement = Agreement.objects.get(pk=drafts["A1"].pk)
    assert agreement.title == "Workshop A1's agreement" and "Report every hidden danger" in agreement.clauses
    assert [(t.indicator, str(t.value.normalize()), t.order) for t in agreement.targets.all()] == [
        ("hazards.rectified_on_time", "98", 1),
        ("incidents.fatalities", "0", 2),
        ("incidents.serious_injuries", "0", 3),
    ]
    assert agreement.version == drafts["A1"].version + 1


def test_each_violation_is_named_and_nothing_is_saved(client_for, drafts):
    weaker = [
        {"indicator": "hazards.rectified_on_time", "comparison": ">=", "value": "90", "veto": False},
        {"indicator": "incidents.fatalities", "comparison": "=", "value": "0", "veto": False},
    ]
    response = client_for("leader_a").post(url("draft", drafts["A1"]), draft_post(drafts["A1"], weaker))
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "Hidden dangers rectified on time (%) ≥ 95: a target at least as strict as the issuer&#x27;s is needed, "
        "not Hidden dangers rectified on time (%) ≥ 90." in html
    )
    assert "Fatalities = 0: a veto in the issuer&#x27;s own agreement stays a veto." in html
    assert 'value="90"' in html  # the input stays on the page
    agreement = Agreement.objects.get(pk=drafts["A1"].pk)
    assert agreement.title == drafts["A1"].title and agreement.version == drafts["A1"].version
    assert sorted(str(t.value.normalize()) for t in agreement.targets.all()) == ["0", "96"]


def test_a_missing_target_of_the_issuer_is_named(client_for, drafts):
    only_one = [{"indicator": "incidents.fatalities", "comparison": "=", "value": "0", "veto": True}]
    html = client_for("leader_a").post(url("draft", drafts["A1"]), draft_post(drafts["A1"], only_one)).content.decode()
    assert "Hidden dangers rectified on time (%) ≥ 95: the issuer&#x27;s own agreement holds this target" in html


def test_two_editors_do_not_overwrite_each_other(client_for, drafts):
    leader_a, safety = client_for("leader_a"), client_for("safety")
    loaded = drafts["A1"].version
    assert leader_a.get(url("draft", drafts["A1"])).context["form"]["version"].value() == loaded
    first = safety.post(url("draft", drafts["A1"]), draft_post(drafts["A1"], STRICTER, title="The group's title"))
    assert first.status_code == 302
    second = leader_a.post(url("draft", drafts["A1"]), draft_post(drafts["A1"], A1_TARGETS, title="Branch's title"))
    assert second.status_code == 200 and "Someone else changed this record" in second.content.decode()
    agreement = Agreement.objects.get(pk=drafts["A1"].pk)
    assert agreement.title == "The group's title" and agreement.targets.count() == 3


def test_a_sent_agreement_is_revised_not_edited(world, client_for, drafts):
    leader_a = client_for("leader_a")
    sent = agreement_send(agreement=drafts["A1"], acting_user=world.users["leader_a"])
    detail = leader_a.get(sent.get_absolute_url()).content.decode()
    assert url("revise", sent) in detail and url("draft", sent) not in detail
    refused = leader_a.get(url("draft", sent))
    assert refused.status_code == 302 and refused["Location"] == sent.get_absolute_url()
    assert leader_a.post(url("draft", sent), draft_post(sent, STRICTER)).status_code == 302
    assert Agreement.objects.get(pk=sent.pk).targets.count() == 2  # unchanged
    assert client_for("director_a1").post(url("revise", sent)).status_code == 403
    assert client_for("leader_b").post(url("revise", sent)).status_code == 404
    revised = leader_a.post(url("revise", sent))
    revision = Agreement.objects.get(recipient=sent.recipient, revision=2)
    assert revised["Location"] == url("draft", revision) and revision.status == "drafted"
    assert leader_a.post(url("draft", revision), draft_post(revision, STRICTER)).status_code == 302
    assert Agreement.objects.get(pk=sent.pk).status == "sent" and revision.targets.count() == 3
    again = leader_a.post(url("revise", sent))  # an earlier revision is not revised twice
    assert again.status_code == 302 and Agreement.objects.filter(recipient=sent.recipient).count() == 2

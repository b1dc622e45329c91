"""The records a campaign task may cite besides a file or a count (issue 15 point 3): a training session held, an
inspection done and signed off, an emergency drill. Per kind: one of the unit's that counts is accepted; another
branch's, a sibling workshop's (for a branch officer who sees both) or one that does not count is refused with a
reason that says which; a task is never accepted without its evidence, by the service or on the page. The submit
page's picker offers only the records the unit may cite, and its search (htmx) answers only those who may submit."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from tests.campaigns.factories import EVIDENCE_KINDS, assignment, campaign, evidence_record, task
from zeroharm.campaigns.choices import TaskState
from zeroharm.campaigns.models import TaskAssignment

pytestmark = pytest.mark.django_db

MATRIX_URL_NAMES = {"campaigns:evidence_choices"}


def url(name, *args):
    return reverse(f"campaigns:{name}", args=args)


def _submit(world, item, record, by="director_a1"):
    from zeroharm.campaigns.services.tasks import task_submit

    return task_submit(assignment=item, acting_user=world.users[by], expected_version=item.version, record_id=record.pk)


def _item(world, key, code="A1"):
    return assignment(task(world, campaign(world), evidence=key, title=f"Cite a {key}"), world, code)


def test_the_task_form_offers_the_three_kinds_and_rewards_keeps_its_own(world):
    from zeroharm.campaigns.forms import TaskIssueForm
    from zeroharm.core.evidence import kinds_cited_by

    form = TaskIssueForm(user=world.users["leader_a"], campaign=campaign(world))
    offered = dict(form.fields["evidence_kind"].choices)
    assert {"file", "count", *EVIDENCE_KINDS} <= set(offered)
    assert offered["training.session"] == "Training session" and offered["campaigns.drill"] == "Emergency drill record"
    assert not set(EVIDENCE_KINDS) & set(kinds_cited_by("rewards"))
    assert "hazards.hidden_danger" in kinds_cited_by("rewards")


@pytest.mark.parametrize("key", EVIDENCE_KINDS)
def test_a_record_of_the_unit_that_counts_is_accepted_as_evidence(world, key):
    from zeroharm.campaigns.services.tasks import task_accept

    record = evidence_record(world, key, "A1a" if key == "inspections.inspection" else "A1")
    item = _submit(world, _item(world, key), record)
    assert item.state == TaskState.SUBMITTED and item.evidence_object_id == record.pk and item.has_evidence
    assert item.evidence_content_type.model_class() is type(record)
    item = task_accept(assignment=item, acting_user=world.users["leader_a"], expected_version=item.version)
    assert item.state == TaskState.ACCEPTED


def test_each_kind_cites_itself_in_a_line(world):
    texts = {}
    for key in EVIDENCE_KINDS:
        texts[key] = _submit(world, _item(world, key), evidence_record(world, key, "A1")).evidence_text
    assert texts["training.session"] == "Course C-A1-H · 2026-06-10 · Workshop A1 · Hall 1"
    assert texts["inspections.inspection"].startswith("Fire check A1 · Workshop A1 · ")
    assert texts["inspections.inspection"].endswith(" · Inspector Wang")
    assert texts["campaigns.drill"] == "Fire drill at A1 · 2026-06-01 · Workshop A1 · 40 participants"


@pytest.mark.parametrize("key", EVIDENCE_KINDS)
def test_a_record_that_does_not_count_is_refused_saying_what_counts(world, key):
    item = _item(world, key)
    with pytest.raises(ValidationError) as refused:
        _submit(world, item, evidence_record(world, key, "A1", counts=False))
    message = " ".join(refused.value.messages)
    assert "does not count as evidence" in message and "Only " in message
    item.refresh_from_db()
    assert item.state == TaskState.ISSUED and not item.has_evidence


@pytest.mark.parametrize("key", EVIDENCE_KINDS)
def test_another_branchs_record_is_refused_without_saying_more(world, key):
    item = _item(world, key)
    with pytest.raises(ValidationError, match="is not among the records you may cite"):
        _submit(world, item, evidence_record(world, key, "B1"))


@pytest.mark.parametrize("key", EVIDENCE_KINDS)
def test_a_branch_officer_cannot_cite_a_sibling_workshops_record(world, key):
    item = _item(world, key)
    theirs = evidence_record(world, key, "A2")
    with pytest.raises(ValidationError, match="is not a record of Workshop A1 or a unit under it"):
        _submit(world, item, theirs, by="leader_a")
    item = _submit(world, assignment(item.task, world, "A2"), theirs, by="leader_a")
    assert item.state == TaskState.SUBMITTED


@pytest.mark.parametrize("key", EVIDENCE_KINDS)
def test_a_task_is_never_accepted_without_its_record(world, client_for, key):
    from zeroharm.campaigns.services.tasks import task_accept

    item = _item(world, key)
    with pytest.raises(ValidationError, match="accepted on its evidence"):
        task_accept(assignment=item, acting_user=world.users["leader_a"], expected_version=item.version)
    leader = client_for("leader_a")
    assert "step/accept/" not in leader.get(url("taskassignment_detail", item.pk)).content.decode()
    answer = leader.post(url("taskassignment_step", item.pk, "accept"), {"version": item.version}, follow=True)
    assert "A task is accepted on its evidence, and this one has none." in answer.content.decode()
    item.refresh_from_db()
    assert item.state == TaskState.ISSUED


def test_a_submitted_task_whose_evidence_is_gone_offers_no_accept_button(world, client_for):
    item = _submit(world, _item(world, "campaigns.drill"), evidence_record(world, "campaigns.drill", "A1"))
    TaskAssignment.objects.filter(pk=item.pk).update(evidence_object_id=None)
    page = client_for("leader_a").get(url("taskassignment_detail", item.pk)).content.decode()
    assert "step/accept/" not in page and "step/return/" in page
    assert "It has no evidence, so it cannot be accepted" in page


def test_the_submit_page_offers_only_the_records_the_unit_may_cite(world, client_for):
    key = "training.session"
    held, planned = evidence_record(world, key, "A1"), evidence_record(world, key, "A1", counts=False)
    sibling, theirs = evidence_record(world, key, "A2"), evidence_record(world, key, "B1")
    item = _item(world, key)
    for persona in ("director_a1", "leader_a"):  # the branch officer sees A2's too, and is offered A1's only
        page = client_for(persona).get(url("taskassignment_detail", item.pk)).content.decode()
        assert f'type="radio" name="record" value="{held.pk}"' in page
        for other in (planned, sibling, theirs):
            assert f'name="record" value="{other.pk}"' not in page
        assert 'name="file"' not in page and 'name="count"' not in page


def test_the_search_finds_by_words_and_keeps_the_record_picked(world, client_for):
    key = "campaigns.drill"
    drill, planned = evidence_record(world, key, "A1"), evidence_record(world, key, "A1", counts=False)
    item = _item(world, key)
    c = client_for("director_a1")
    found = c.get(url("evidence_choices", item.pk), {"q": "fire drill"}).content.decode()
    assert f'value="{drill.pk}"' in found and "Fire drill at A1 · 2026-06-01" in found
    nothing = c.get(url("evidence_choices", item.pk), {"q": "quiz", "record": drill.pk}).content.decode()
    assert re.search(rf'<input type="radio" name="record" value="{drill.pk}"[^>]* checked', nothing)
    assert f'value="{planned.pk}"' not in nothing
    empty = c.get(url("evidence_choices", item.pk), {"q": "flood"}).content.decode()
    assert "No record you may cite matches" in empty


def test_the_search_answers_only_those_who_may_submit(world, client_for):
    item = _item(world, "campaigns.drill")
    address = url("evidence_choices", item.pk)
    assert "/login/" in Client().get(address)["Location"]
    expected = {"director_a1": 200, "leader_a": 200, "auditor": 403, "worker_a1a": 404, "leader_b": 404}
    for persona, status in expected.items():
        assert client_for(persona).get(address).status_code == status, persona
    counted = assignment(task(world, item.task.campaign, evidence="count", title="Count"), world)
    assert client_for("director_a1").get(url("evidence_choices", counted.pk)).status_code == 404


def test_a_refused_record_is_named_on_the_page_and_one_that_counts_is_submitted(world, client_for):
    key = "inspections.inspection"
    done, planned = evidence_record(world, key, "A1a"), evidence_record(world, key, "A1a", counts=False)
    item = _item(world, key)
    c = client_for("director_a1")
    step = url("taskassignment_step", item.pk, "submit")
    refused = c.post(step, {"version": item.version, "record": planned.pk}, follow=True).content.decode()
    assert f"Inspection {planned.pk} does not count as evidence." in refused
    assert "Only an inspection that was done and signed off counts." in refused
    assert c.post(step, {"version": item.version, "record": done.pk, "note": "Done"}).status_code == 302
    item.refresh_from_db()
    assert item.state == TaskState.SUBMITTED and item.evidence_object_id == done.pk

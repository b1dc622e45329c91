"""The campaign's services: the national theme as data, the period, scope; tasks issued, submitted, accepted only
on their evidence, returned; optimistic locking; the deadline scan; the pledge signed once per person."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.campaigns.factories import END, START, assignment, campaign, pdf, published, submitted, task
from tests.conftest import PASSWORD
from tests.factories import at, reported_hazard
from zeroharm.campaigns.choices import State, TaskState
from zeroharm.campaigns.models import NationalTheme, PledgeSignature, TaskAssignment
from zeroharm.core.services import ConcurrentEditError

pytestmark = pytest.mark.django_db


def test_the_themes_of_2018_to_2025_are_data_and_2026_is_not_guessed():
    themes = {t.year: t for t in NationalTheme.objects.all()}
    assert sorted(themes) == list(range(2018, 2026))
    assert themes[2025].edition == 24 and themes[2025].theme_zh.endswith("查找身边安全隐患")
    assert themes[2024].consultation_day == datetime.date(2024, 6, 16)
    assert themes[2018].theme_zh == "生命至上、安全发展" and themes[2018].consultation_day is None


def test_a_campaign_takes_the_theme_of_its_year_and_starts(world):
    made = campaign(world, start=datetime.date(2025, 6, 1), end=datetime.date(2025, 6, 30))
    assert made.national_theme.year == 2025 and made.state == State.RUNNING
    assert "查找身边安全隐患" in made.shown_theme
    unknown = campaign(world, name="2026", running=False)
    assert unknown.national_theme is None and unknown.state == State.DRAFT


def test_the_period_is_checked_on_its_field(world):
    with pytest.raises(ValidationError) as refused:
        campaign(world, start=END, end=START)
    assert "ends_on" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        campaign(world, start=START, end=START + datetime.timedelta(days=400))
    assert "ends_on" in refused.value.error_dict


def test_another_branch_cannot_run_a_campaign_here(world):
    with pytest.raises(PermissionDenied):
        campaign(world, by="leader_b")


def test_tasks_go_to_the_units_chosen_or_a_whole_level_under_the_scope(world):
    made = campaign(world)
    chosen = task(world, made)
    assert {a.unit.code for a in chosen.assignments.all()} == {"A1", "A2"}
    teams = task(world, made, codes=(), level=world.unit("A1a").depth, title="Study the cases")
    assert {a.unit.code for a in teams.assignments.all()} == {"A1a", "A1b"}
    with pytest.raises(ValidationError) as refused:
        task(world, made, codes=("B1",))
    assert "units" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        task(world, made, evidence="nothing.known")
    assert "evidence_kind" in refused.value.error_dict


def test_a_task_cannot_be_accepted_without_its_evidence(world):
    from zeroharm.campaigns.services.tasks import task_accept

    made_task = task(world, campaign(world))
    item = assignment(made_task, world)
    with pytest.raises(ValidationError, match="evidence"):
        task_accept(assignment=item, acting_user=world.users["leader_a"], expected_version=item.version)
    item = submitted(world, made_task)
    assert item.state == TaskState.SUBMITTED and item.has_evidence
    TaskAssignment.objects.filter(pk=item.pk).update(evidence_file="")  # the file gone: no evidence any more
    item.refresh_from_db()
    with pytest.raises(ValidationError, match="evidence"):
        task_accept(assignment=item, acting_user=world.users["leader_a"], expected_version=item.version)
    item.refresh_from_db()
    assert item.state == TaskState.SUBMITTED


def test_a_submission_needs_the_evidence_the_task_asks_for(world):
    from zeroharm.campaigns.services.tasks import task_submit

    made = campaign(world)
    for kind, field in (("file", "file"), ("count", "count"), ("hazards.hidden_danger", "record")):
        item = assignment(task(world, made, evidence=kind, title=kind), world)
        with pytest.raises(ValidationError) as refused:
            task_submit(assignment=item, acting_user=world.users["director_a1"], expected_version=item.version)
        assert field in refused.value.error_dict
    counted = assignment(made.tasks.get(title="count"), world)
    counted = task_submit(
        assignment=counted, acting_user=world.users["director_a1"], expected_version=counted.version, count=7
    )
    assert counted.evidence_count == 7 and counted.has_evidence


def test_a_record_cited_as_evidence_must_be_one_the_unit_sees(world):
    from zeroharm.campaigns.services.tasks import task_submit

    made = campaign(world)
    item = assignment(task(world, made, evidence="hazards.hidden_danger"), world)
    with time_machine.travel(at(2026, 6, 15)):  # found during the campaign
        theirs, mine = reported_hazard(world, "B1a", actor="leader_b"), reported_hazard(world, "A1a")
    old = reported_hazard(world, "A1a")  # found today, after the campaign
    with pytest.raises(ValidationError, match="not dated between 2026-06-01 and 2026-06-30"):
        task_submit(
            assignment=item, acting_user=world.users["director_a1"], expected_version=item.version, record_id=old.pk
        )
    with pytest.raises(ValidationError, match="not among the records"):
        task_submit(
            assignment=item, acting_user=world.users["director_a1"], expected_version=item.version, record_id=theirs.pk
        )
    item = task_submit(
        assignment=item, acting_user=world.users["director_a1"], expected_version=item.version, record_id=mine.pk
    )
    assert item.evidence_object_id == mine.pk and item.evidence_text


def test_the_issuer_accepts_or_returns_and_the_unit_does_it_again(world):
    from zeroharm.campaigns.services.tasks import task_accept, task_return, task_submit

    made_task = task(world, campaign(world))
    item = submitted(world, made_task)
    with pytest.raises(PermissionDenied):
        task_accept(assignment=item, acting_user=world.users["director_a1"], expected_version=item.version)
    with pytest.raises(ValidationError) as refused:
        task_return(assignment=item, acting_user=world.users["leader_a"], expected_version=item.version, reason=" ")
    assert "reason" in refused.value.error_dict
    item = task_return(
        assignment=item, acting_user=world.users["leader_a"], expected_version=item.version, reason="No photos"
    )
    assert item.state == TaskState.RETURNED and item.return_reason == "No photos"
    item = task_submit(
        assignment=item, acting_user=world.users["director_a1"], expected_version=item.version, upload=pdf()
    )
    item = task_accept(assignment=item, acting_user=world.users["leader_a"], expected_version=item.version)
    assert item.state == TaskState.ACCEPTED and item.decided_by == world.users["leader_a"]


def test_a_stale_step_is_refused(world):
    from zeroharm.campaigns.services.tasks import task_accept

    item = submitted(world, task(world, campaign(world)))
    with pytest.raises(ConcurrentEditError):
        task_accept(assignment=item, acting_user=world.users["leader_a"], expected_version=item.version - 1)


def test_the_scan_reminds_before_and_escalates_after_the_deadline_once(world):
    from zeroharm.campaigns.scans import task_deadlines
    from zeroharm.notifications.models import Notification

    made_task = task(world, campaign(world))
    before = timezone.make_aware(datetime.datetime.combine(END - datetime.timedelta(days=2), datetime.time(8)))
    assert task_deadlines(now=before) == "2 campaign tasks reminded, 0 escalated"
    assert task_deadlines(now=before) == "0 campaign tasks reminded, 0 escalated"
    after = before + datetime.timedelta(days=5)
    submitted(world, made_task, "A2", by="leader_a")
    assert task_deadlines(now=after) == "0 campaign tasks reminded, 1 escalated"
    assert task_deadlines(now=after) == "0 campaign tasks reminded, 0 escalated"
    overdue = Notification.objects.filter(event="campaigns.task_overdue")
    assert {n.recipient for n in overdue} == {world.users["leader_a"]}


def test_the_pledge_is_signed_once_per_person_in_scope(world):
    from zeroharm.campaigns.selectors.pledge import not_signed, pledge_coverage
    from zeroharm.campaigns.services.pledge import pledge_sign

    made = published(world, campaign(world))
    worker = world.users["worker_a1a"]
    with pytest.raises(ValidationError):
        pledge_sign(campaign=made, acting_user=worker, password="wrong")
    pledge_sign(campaign=made, acting_user=worker, password=PASSWORD)
    with pytest.raises(ValidationError, match="already signed"):
        pledge_sign(campaign=made, acting_user=worker, password=PASSWORD)
    assert PledgeSignature.objects.filter(campaign=made).count() == 1
    coverage = pledge_coverage(made, world.unit("A"), world.users["leader_a"])
    a1 = next(c for c in coverage.children if c.code == "A1")
    assert (a1.figures.people, a1.figures.signed) == (3, 1)
    assert (coverage.total.people, coverage.total.signed) == (5, 1)
    assert world.people["A1a"] not in not_signed(made, world.unit("A"))
    assert world.people["A1b"] in not_signed(made, world.unit("A"))


def test_someone_outside_the_scope_cannot_sign(world):
    from zeroharm.campaigns.services.pledge import pledge_sign

    made = published(world, campaign(world, code="B", by="leader_b"), by="leader_b")
    with pytest.raises(PermissionDenied):
        pledge_sign(campaign=made, acting_user=world.users["worker_a1a"], password=PASSWORD)


def test_once_signed_the_pledge_text_is_fixed(world):
    from zeroharm.campaigns.services.campaigns import pledge_publish
    from zeroharm.campaigns.services.pledge import pledge_sign

    made = published(world, campaign(world))
    pledge_sign(campaign=made, acting_user=world.users["worker_a1a"], password=PASSWORD)
    made.refresh_from_db()
    with pytest.raises(ValidationError):
        pledge_publish(campaign=made, text="Other", acting_user=world.users["leader_a"], expected_version=made.version)

"""The demo hidden dangers and actions: 2,000+, every state, consistent with what the services write, the same
on every run, and something to do for each demo persona."""

from __future__ import annotations

import datetime
import time
from collections import Counter
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from zeroharm.actions.demo import build_demo_actions
from zeroharm.actions.models import ActionItem, ActionStatus
from zeroharm.core.demo import DemoContext
from zeroharm.core.registry import demo_steps
from zeroharm.hazards.demo import build_demo_hazards
from zeroharm.hazards.models import (
    ExtensionRequest,
    ExtensionStatus,
    GovernancePlan,
    HazardPhoto,
    HiddenDanger,
    Level,
    Source,
    State,
    SupervisionEntry,
)

ASSESSED_ON = [State.ASSESSED, State.ASSIGNED, State.IN_RECTIFICATION, State.PENDING_ACCEPTANCE, State.ACCEPTED,
               State.CLOSED]
ASSIGNED_ON = ASSESSED_ON[1:]


class _Rollback(Exception):
    pass


def _fingerprint() -> tuple:
    """What a run produced, without database ids (which differ between runs)."""
    rows = HiddenDanger.objects.order_by("found_on", "unit__code", "description", "state", "deadline").values_list(
        "unit__code", "found_on", "state", "level", "category", "source", "deadline", "description")
    return (tuple(rows), HiddenDanger.history.count(), ExtensionRequest.objects.count(),
            GovernancePlan.objects.count(), SupervisionEntry.objects.count(), HazardPhoto.objects.count(),
            tuple(sorted(Counter(_dual_prevention_actions().values_list("status", flat=True)).items())))


def _dual_prevention_actions():
    """Actions of this step (the incidents demo, a later step, raises its own)."""
    from django.contrib.contenttypes.models import ContentType

    from zeroharm.incidents.models import Incident

    return ActionItem.objects.exclude(source_type=ContentType.objects.get_for_model(Incident))


@pytest.mark.slow
@pytest.mark.django_db
def test_demo_hidden_dangers_and_actions(capsys):
    frozen = timezone.now()  # both runs see the same "now", so that no step falls between them
    captured = {}

    def capture(ctx):
        captured.update(state=ctx.rng.getstate(), objects=dict(ctx.objects))
        return build_demo_hazards(ctx)

    # Register every app's steps first: `zeroharm demo` would otherwise add (and re-sort) them after the swap.
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("demo")
    index = next(i for i, step in enumerate(demo_steps) if step[1] == "hazards")
    original = demo_steps[index]
    demo_steps[index] = (original[0], original[1], capture)
    started = time.monotonic()
    try:
        with mock.patch("django.utils.timezone.now", return_value=frozen):
            call_command("demo")
    finally:
        demo_steps[next(i for i, step in enumerate(demo_steps) if step[1] == "hazards")] = original
    elapsed = time.monotonic() - started
    out = capsys.readouterr().out
    assert "hazards:" in out and "actions:" in out
    with capsys.disabled():
        print(f"\n  demo built in {elapsed:.1f} s; " + "; ".join(
            line.strip() for line in out.splitlines() if line.strip().startswith(("hazards:", "actions:"))))
    now, today = frozen, timezone.localdate(frozen)

    hazards = list(HiddenDanger.objects.select_related("unit", "owner", "escalated_to"))
    assert len(hazards) >= 2000
    states = Counter(hd.state for hd in hazards)
    assert set(states) == set(State.values)
    assert states[State.CLOSED] > len(hazards) / 2
    assert set(Counter(hd.source for hd in hazards)) >= {Source.REPORT, Source.SPOT_FIX}
    assert min(hd.found_on for hd in hazards) < today - datetime.timedelta(days=365)
    assert max(hd.found_on for hd in hazards) <= today

    for hd in hazards:
        assert hd.created_at <= now and hd.found_on <= timezone.localdate(hd.created_at)
        if hd.state in ASSESSED_ON and hd.source != Source.SPOT_FIX:
            assert hd.level and hd.category and hd.assessed_by_id and hd.assessed_at
        if hd.state in ASSIGNED_ON and hd.source != Source.SPOT_FIX:
            assert hd.owner_id and hd.measures and hd.budget_amount is not None and hd.deadline
            assert hd.original_deadline and hd.assigned_at >= hd.assessed_at
            assert hd.deadline <= timezone.localdate(hd.assigned_at) + datetime.timedelta(days=365)
            assert bool(hd.contingency_plan) == (hd.level == Level.MAJOR)
        if hd.state in (State.PENDING_ACCEPTANCE, State.ACCEPTED, State.CLOSED):
            assert hd.rectified_by_id and hd.rectified_at and hd.rectification_note
        else:  # a rejected rectification keeps its last request (the services clear nothing on rejection)
            assert not hd.accepted_at and (not hd.rectified_at or hd.rejection_reason)
        if hd.state in (State.ACCEPTED, State.CLOSED):
            assert hd.accepted_by_id and hd.accepted_at >= hd.rectified_at
            # nobody accepts their own work
            assert hd.accepted_by_id != hd.rectified_by_id
            assert hd.owner_id is None or hd.owner.user_id != hd.accepted_by_id
        if hd.state == State.CLOSED:
            closed_on = timezone.localdate(hd.closed_at)
            assert hd.days_to_close == (closed_on - hd.found_on).days
            assert hd.closed_on_time == (hd.deadline is None or closed_on <= hd.deadline)
        else:
            assert hd.closed_at is None and hd.days_to_close is None
        if hd.is_anonymous:
            assert hd.reported_by_id is None and hd.source == Source.REPORT
        else:
            assert hd.reported_by_id is not None
        if hd.source == Source.SPOT_FIX:
            assert hd.state in (State.PENDING_ACCEPTANCE, State.CLOSED) and hd.level == Level.GENERAL
            assert hd.rectified_by_id == hd.reported_by_id and hd.owner_id is None
        # the deadline scan (docs/standards/hidden-dangers.md#deadlines-and-escalation): overdue the day after the
        # deadline, one level up; ten days later a second level and the safety meeting
        if hd.overdue_since:
            assert hd.overdue_since == hd.deadline + datetime.timedelta(days=1) <= today
            assert hd.escalated_on == hd.overdue_since
            assert hd.unit.path.startswith(hd.escalated_to.path) and hd.escalated_to.depth < hd.unit.depth \
                or hd.unit.depth == 1
            done = hd.state in (State.PENDING_ACCEPTANCE, State.ACCEPTED, State.CLOSED)
            done_on = timezone.localdate(hd.rectified_at) if done else today
            assert done_on >= hd.overdue_since
            expected_depth = max(1, hd.unit.depth - (2 if hd.escalated_again_on else 1))
            assert hd.escalated_to.depth == expected_depth
            assert hd.for_safety_meeting == bool(hd.escalated_again_on)
            if hd.escalated_again_on:
                assert hd.escalated_again_on == hd.deadline + datetime.timedelta(days=10) <= done_on
        elif hd.deadline and hd.state in (State.ASSIGNED, State.IN_RECTIFICATION):
            # Not yet marked overdue: the deadline has not passed, or it passed yesterday and today's scan (in
            # the morning) has not run yet — as when the demo is built just after midnight.
            assert hd.deadline >= today - datetime.timedelta(days=1)
        if not hd.overdue_since:
            assert not (hd.escalated_to_id or hd.escalated_on or hd.escalated_again_on or hd.overdue_explanation)

    # failed inspection items (when the inspections demo made some) became hidden dangers of the inspection
    from zeroharm.inspections.models import ItemResult

    if ItemResult.objects.filter(outcome="fail").exists():
        linked = [hd for hd in hazards if hd.source == Source.INSPECTION]
        assert len(linked) >= 100
        for hd in HiddenDanger.objects.filter(source=Source.INSPECTION).select_related("item_result__inspection"):
            inspection = hd.item_result.inspection
            assert hd.unit_id == inspection.unit_id and hd.inspection_point_id == inspection.point_id
            assert hd.found_on == (timezone.localdate(inspection.done_at) if inspection.done_at
                                   else inspection.due_date)

    open_overdue = [hd for hd in hazards if hd.state != State.CLOSED and hd.overdue_since]
    assert len(open_overdue) >= 5
    assert any(hd.escalated_again_on for hd in open_overdue)
    assert any(hd.state == State.CLOSED and hd.closed_on_time is False for hd in hazards)
    anonymous = [hd for hd in hazards if hd.is_anonymous]
    assert len(anonymous) > 50
    first_rows = {row.id: row for row in HiddenDanger.history.order_by("history_date", "history_id")
                  .filter(history_type="+")}
    assert len(first_rows) == len(hazards)
    for hd in anonymous:
        assert first_rows[hd.pk].history_user_id is None
        assert first_rows[hd.pk].reported_by_id is None
    # every step is a history row with the services' reason; the last one is the record as it stands
    history = HiddenDanger.history.filter(id=hazards[0].pk).order_by("history_date")
    assert history.last().state == hazards[0].state and history.last().version == hazards[0].version

    # extensions: approved ones moved the deadline, the branch leader has one to decide
    extensions = list(ExtensionRequest.objects.select_related("hidden_danger"))
    assert {e.status for e in extensions} == set(ExtensionStatus.values)
    for ext in extensions:
        hd = ext.hidden_danger
        assert ext.requested_deadline > ext.current_deadline and ext.requested_by_id
        if ext.status == ExtensionStatus.APPROVED:
            assert hd.original_deadline == ext.current_deadline and hd.deadline == ext.requested_deadline
            assert ext.decided_by_id not in (ext.requested_by_id, hd.owner.user_id)
        if ext.status == ExtensionStatus.PENDING:
            assert hd.state in (State.ASSIGNED, State.IN_RECTIFICATION) and ext.decided_at is None
    assert any(e.status == ExtensionStatus.PENDING and e.hidden_danger.unit.code.startswith("MACH")
               for e in extensions)

    # major ones: a governance plan, reported to the authority before the write-off, supervision entries
    majors = [hd for hd in hazards if hd.level == Level.MAJOR]
    assert len(majors) >= 20
    plans = {p.hidden_danger_id: p for p in GovernancePlan.objects.all()}
    for hd in majors:
        plan = plans[hd.pk]
        assert all([plan.goals_and_tasks, plan.methods_and_measures, plan.funds_and_materials,
                    plan.organisation_and_people, plan.time_limit_and_requirements, plan.safety_and_emergency,
                    plan.current_state_and_cause, plan.harm_and_difficulty])
        if hd.state == State.CLOSED:
            assert plan.reported_to_authority_on and plan.reported_to_authority_on <= timezone.localdate(hd.closed_at)
    assert sum(1 for p in plans.values() if p.reported_to_authority_on) > len(plans) / 2
    entries = SupervisionEntry.objects.count()
    assert SupervisionEntry.objects.filter(hidden_danger__level=Level.MAJOR).count() == entries > 0
    assert any(hd.unit.code.startswith("MACH") and hd.state != State.CLOSED for hd in majors)

    photos = HazardPhoto.objects.count()
    assert 10 <= photos <= 60

    # the personas have work
    worker_open = [hd for hd in hazards if hd.owner_id and hd.owner.user_id and hd.owner.user.username == "worker"
                   and hd.state in (State.ASSIGNED, State.IN_RECTIFICATION)]
    assert len(worker_open) >= 2 and any(hd.overdue_since for hd in worker_open)
    awaiting = [hd for hd in hazards if hd.state == State.PENDING_ACCEPTANCE and hd.unit.code.startswith("MACH-W01")]
    assert len(awaiting) >= 3

    # actions: every status, some overdue, spawned by hidden dangers, the verifier never the owner or the doer
    actions = list(_dual_prevention_actions().select_related("owner"))
    assert 150 <= len(actions) <= 250
    assert {a.status for a in actions} == set(ActionStatus.values)
    assert sum(1 for a in actions if a.source_id) >= 140 and any(a.source_id is None for a in actions)
    assert any(a.is_open and a.due_date < today for a in actions)
    for action in actions:
        if action.status == ActionStatus.VERIFIED:
            assert action.verified_by_id not in (action.owner.user_id, action.completed_by_id)
            assert action.verified_at > action.completed_at
    assert any(a.owner.user_id and a.owner.user.username == "worker" and a.is_open and a.due_date < today
               for a in actions)

    # deterministic: the same input (generator state and the earlier steps' objects) gives the same records; run the
    # two steps again inside a rolled-back savepoint, after emptying their tables, and compare
    first = _fingerprint()
    try:
        with transaction.atomic():
            _wipe_hazards_and_actions()
            ctx = DemoContext()
            ctx.rng.setstate(captured["state"])
            ctx.objects = dict(captured["objects"])
            with mock.patch("django.utils.timezone.now", return_value=frozen):
                build_demo_hazards(ctx)
                build_demo_actions(ctx)
            second = _fingerprint()
            raise _Rollback
    except _Rollback:
        pass
    assert first[1:] == second[1:]
    assert first[0] == second[0]


def _wipe_hazards_and_actions():
    from django.db import connection

    for model in (ActionItem, HazardPhoto, SupervisionEntry, GovernancePlan, ExtensionRequest, HiddenDanger):
        model._base_manager.all()._raw_delete(connection.alias)
        if hasattr(model, "history"):
            model.history.model._base_manager.all()._raw_delete(connection.alias)

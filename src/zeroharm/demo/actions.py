"""Corrective and preventive actions through actions.services: raised, done by the owner (or for them), verified
by a second person, some cancelled. `action_life` is shared by the hidden dangers and incidents that raise them;
this step adds the standalone ones (from safety meetings and campaigns) and the employee's own."""

from __future__ import annotations

import datetime

from django.utils import timezone

from zeroharm.demo.context import APPROVERS, CHANGERS, Demo, Staff
from zeroharm.demo.data import load

__all__ = ["action_life", "build_actions", "raise_follow_up"]


def action_life(
    demo: Demo,
    rng,
    staff: Staff,
    *,
    unit,
    title: str,
    description: str,
    kind: str,
    raised_by,
    source=None,
    owner=None,
    due_days: int | None = None,
    done_after: int | None = None,
    verify: bool = True,
    cancel: bool = False,
    result: list | None = None,
):
    """The steps of one action, from the moment the caller is at; `yield from` it, or add it to the timeline.
    `result` (a list) receives the action and, once verified, the moment it was."""
    from zeroharm.actions.services import action_cancel, action_complete, action_create, action_verify

    data = load("actions")
    raised_on = timezone.localdate()
    owner = owner or staff.person(unit)
    due = raised_on + datetime.timedelta(days=due_days or rng.choice([7, 14, 14, 21, 30, 30, 45]))
    item = action_create(
        acting_user=raised_by,
        unit=unit,
        title=title[:200],
        description=description,
        kind=kind,
        owner=owner,
        due_date=due,
        source=source,
    )
    if result is not None:
        result.append(item)
    if cancel:
        yield demo.later(rng, timezone.now(), rng.randint(2, 20))
        action_cancel(item=item, acting_user=staff.pick(unit, APPROVERS), note=rng.choice(data["cancel_notes"]))
        return
    span = (due - raised_on).days
    done_after = done_after if done_after is not None else round(span * rng.choice([0.4, 0.6, 0.8, 1.0, 1.1, 1.4]))
    yield demo.later(rng, timezone.now(), max(1, done_after))
    doer = owner.user if owner.user_id else staff.pick(unit, CHANGERS)
    item = action_complete(item=item, acting_user=doer, note=rng.choice(data["done_notes"]))
    if not verify:
        return
    yield demo.later(rng, timezone.now(), rng.randint(1, 7))
    verifier = (
        raised_by
        if raised_by.pk not in (doer.pk, owner.user_id)
        else staff.pick(unit, CHANGERS, exclude={doer.pk, owner.user_id})
    )
    action_verify(item=item, acting_user=verifier, effective=True, note=rng.choice(data["verify_notes"]))
    if result is not None:
        result.append(timezone.now())


def raise_follow_up(demo: Demo, rng, staff: Staff, hd, raised_by) -> None:
    """An action that follows up a hidden danger once its rectification is ordered (its own life)."""
    kind, text = rng.choice(load("actions")["follow_ups"][hd.category])
    short = hd.description.split("，")[0][:40]
    demo.timeline.add(
        _now_then(
            action_life(
                demo,
                rng,
                staff,
                unit=hd.unit,
                title=f"{text}：{short}",
                description=f"源自{hd.reference}：{hd.description}",
                kind=kind,
                raised_by=raised_by,
                source=hd,
                cancel=rng.random() < 0.05,
            )
        )
    )


def _now_then(life):
    """A life that starts at the moment it is added (the timeline's current step)."""
    yield timezone.now() + datetime.timedelta(minutes=30)
    yield from life


def build_actions(demo: Demo):
    rng, data = demo.rng("actions"), load("actions")
    staff = Staff(demo, rng, [(p[1], p[2], p[3]) for p in load("org")["personas"]])
    demo.objects["action_staff"] = staff
    for kind, title, description in data["standalone"]:
        unit = rng.choice(demo.of_kind("workshop"))
        start = demo.at(rng, demo.today - datetime.timedelta(days=rng.randint(3, 150)))
        demo.timeline.add(
            _at(
                start,
                action_life(
                    demo,
                    rng,
                    staff,
                    unit=unit,
                    title=title,
                    description=description,
                    kind=kind,
                    raised_by=staff.pick(unit, CHANGERS),
                    cancel=rng.random() < 0.1,
                ),
            )
        )
    # The employee's own: one overdue, one due soon, one done and waiting for verification.
    team, worker = demo.units["MACH-W01-T01"], demo.users["worker"].person
    for days_ago, due_days, done_after, (kind, text) in zip(
        (20, 4, 12), (14, 14, 10), (999, 999, 8), data["follow_ups"]["condition"], strict=False
    ):
        start = demo.at(rng, demo.today - datetime.timedelta(days=days_ago))
        demo.timeline.add(
            _at(
                start,
                action_life(
                    demo,
                    rng,
                    staff,
                    unit=team,
                    title=f"{text}：{team.name}",
                    description="班组安全活动确定的措施",
                    kind=kind,
                    owner=worker,
                    raised_by=demo.users["monitor"],
                    due_days=due_days,
                    done_after=done_after,
                    verify=False,
                ),
            )
        )
    return _report


def _at(moment, life):
    yield moment
    yield from life


def _report() -> str:
    from collections import Counter

    from zeroharm.actions.models import ActionItem

    items = list(ActionItem.objects.values_list("status", "due_date"))
    states = Counter(s for s, _d in items)
    overdue = sum(1 for s, d in items if s in ("open", "done") and d < timezone.localdate())
    return f"{len(items)} actions ({', '.join(f'{n} {s}' for s, n in sorted(states.items()))}; {overdue} overdue)"

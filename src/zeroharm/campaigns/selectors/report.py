"""The closing report of a campaign, drafted from its records under one unit of its scope, as plain data (what a
draft shows live and what issuing freezes): the figures (the progress board's rows and total), the best units (most
of their tasks accepted, then the widest pledge coverage), the best teams (most hidden dangers found plus activities
held during the campaign), the activities by kind, what was not done (tasks not accepted, with their state and why
they were returned), and the commitments kept and open. Labels are translated in the language of the reader (of the
issuer, once issued)."""

from __future__ import annotations

import datetime

from django.db.models import Count, Sum

from zeroharm.campaigns.choices import ActivityKind, TaskState
from zeroharm.campaigns.models import Activity, Campaign, Commitment, TaskAssignment
from zeroharm.campaigns.selectors.board import Progress, campaign_board
from zeroharm.core.scoping import subtree_q
from zeroharm.hazards.selectors import found_by_unit

__all__ = ["report_figures", "campaigns_in_period", "BEST"]

BEST = 3  # units and teams named as the best


def _progress(name: str, p: Progress) -> dict:
    return {
        "name": name,
        "tasks": p.tasks,
        "done": p.done,
        "accepted": p.accepted,
        "overdue": p.overdue,
        "people": p.pledge.people,
        "signed": p.pledge.signed,
        "percent": p.pledge.percent,
        "activities": p.activities,
        "participants": p.participants,
        "hazards_found": p.hazards_found,
        "hazards_rectified": p.hazards_rectified,
    }


def _best_units(children) -> list[dict]:
    """The units with tasks, most accepted first (share, then pledge coverage), the first BEST."""
    ranked = [c for c in children if c.figures.tasks]
    ranked.sort(key=lambda c: (-(c.figures.accepted / c.figures.tasks), -(c.figures.pledge.percent or 0), c.path))
    return [
        {
            "name": c.name,
            "accepted": c.figures.accepted,
            "tasks": c.figures.tasks,
            "percent": c.figures.pledge.percent,
        }
        for c in ranked[:BEST]
    ]


def _best_teams(campaign: Campaign, unit, user, last: datetime.date) -> list[dict]:
    """The teams under `unit` the user sees, by hidden dangers found in the campaign's period plus activities they
    held in it (score = found + activities), the first BEST with a score."""
    from zeroharm.core.roles import Action
    from zeroharm.org.choices import UnitKind
    from zeroharm.org.models import OrgUnit

    found = found_by_unit(unit, campaign.starts_on, last)
    held = dict(
        Activity.objects.filter(campaign=campaign, is_archived=False)
        .filter(subtree_q(unit.path, "unit__"))
        .order_by()
        .values("unit_id")
        .annotate(n=Count("id"))
        .values_list("unit_id", "n")
    )
    ids = {pk for pk, n in (*found.items(), *held.items()) if n}
    teams = OrgUnit.objects.visible_to(user, Action.VIEW).filter(pk__in=ids, kind=UnitKind.TEAM)
    rows = [
        {
            "name": team.name,
            "hazards_found": found.get(team.pk, 0),
            "activities": held.get(team.pk, 0),
            "score": found.get(team.pk, 0) + held.get(team.pk, 0),
            "path": team.path,
        }
        for team in teams.only("pk", "name", "path")
    ]
    rows.sort(key=lambda r: (-r["score"], r["path"]))
    return rows[:BEST]


def _activities(campaign: Campaign, unit, user) -> list[dict]:
    rows = (
        Activity.objects.visible_to(user)
        .filter(campaign=campaign, is_archived=False)
        .filter(subtree_q(unit.path, "unit__"))
        .values("kind")
        .order_by("kind")
        .annotate(n=Count("id"), people=Sum("participants"))
    )
    labels = dict(ActivityKind.choices)
    return [{"kind": str(labels.get(r["kind"], r["kind"])), "n": r["n"], "people": r["people"] or 0} for r in rows]


def _not_done(campaign: Campaign, unit, user) -> list[dict]:
    rows = (
        TaskAssignment.objects.visible_to(user)
        .filter(task__campaign=campaign, is_archived=False)
        .filter(subtree_q(unit.path, "unit__"))
        .exclude(state=TaskState.ACCEPTED)
        .select_related("task", "unit")
        .order_by("task__deadline", "unit__path")
    )
    return [
        {
            "task": a.task.title,
            "unit": a.unit.name,
            "deadline": a.task.deadline.isoformat(),
            "state": str(a.get_state_display()),
            "reason": a.return_reason,
        }
        for a in rows
    ]


def _commitments(campaign: Campaign, unit, user) -> list[dict]:
    rows = (
        Commitment.objects.visible_to(user)
        .filter(statement__campaign=campaign, is_archived=False)
        .filter(subtree_q(unit.path, "statement__unit__"))
        .select_related("owner", "statement__unit")
        .order_by("due_on", "id")
    )
    return [
        {
            "unit": c.statement.unit.name,
            "text": c.text,
            "owner": c.owner.name,
            "due_on": c.due_on.isoformat(),
            "done_on": c.done_on.isoformat() if c.done_on else None,
        }
        for c in rows
    ]


def report_figures(campaign: Campaign, unit, user, today: datetime.date) -> dict:
    """The report's content under `unit` as `user` sees it on `today`: JSON-ready, the same shape live and frozen."""
    board = campaign_board(campaign, unit, user, today)
    units = [_progress(child.name, child.figures) for child in board.children]
    if board.own:
        units.append(_progress(unit.name, board.own))
    commitments = _commitments(campaign, unit, user)
    return {
        "as_of": today.isoformat(),
        "campaign": campaign.name,
        "theme": campaign.shown_theme,
        "start": campaign.starts_on.isoformat(),
        "end": campaign.ends_on.isoformat(),
        "unit": unit.name,
        "total": _progress("", board.total),
        "units": units,
        "best_units": _best_units(board.children),
        "best_teams": _best_teams(campaign, unit, user, min(campaign.ends_on, today)),
        "activities": _activities(campaign, unit, user),
        "not_done": _not_done(campaign, unit, user),
        "kept": [c for c in commitments if c["done_on"]],
        "open": [c for c in commitments if not c["done_on"]],
    }


def campaigns_in_period(user, unit, start: datetime.date, end: datetime.date, today: datetime.date) -> list[dict]:
    """The campaigns a summary review of `unit` for start–end tells of: those the user sees that overlap the period
    and reach the unit (run by it, a unit above it, or a unit under it), each with the progress board's total under
    the unit (under the campaign's own unit when that lies below) and its commitments kept and open, the open ones
    past their date listed (the review drafts each as a deficiency: a statement is not words only)."""
    last = min(end, today)
    campaigns = (
        Campaign.objects.visible_to(user)
        .filter(is_archived=False, starts_on__lte=end, ends_on__gte=start)
        .select_related("unit", "national_theme")
        .order_by("starts_on", "id")
    )
    found = []
    for campaign in campaigns:
        if unit.path.startswith(campaign.unit.path):
            under = unit
        elif campaign.unit.path.startswith(unit.path):
            under = campaign.unit
        else:
            continue
        board = campaign_board(campaign, under, user, last)
        commitments = _commitments(campaign, under, user)
        late = [c for c in commitments if not c["done_on"] and c["due_on"] <= last.isoformat()]
        found.append(
            {
                "name": campaign.name,
                "theme": campaign.shown_theme,
                "start": campaign.starts_on.isoformat(),
                "end": campaign.ends_on.isoformat(),
                "unit": under.name,
                "url": campaign.get_absolute_url(),
                "total": _progress(under.name, board.total),
                "kept": sum(1 for c in commitments if c["done_on"]),
                "open": sum(1 for c in commitments if not c["done_on"]),
                "late": late,
            }
        )
    return found

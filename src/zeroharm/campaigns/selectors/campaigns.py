"""Reads of a campaign for its page: committee, documents, tasks with their units' progress, and the pledge as it
stands for the user (signed, to sign, not theirs) — a constant number of queries."""

from __future__ import annotations

from django.db.models import Count, Q

from zeroharm.campaigns.choices import TaskState
from zeroharm.campaigns.models import Campaign, PledgeSignature
from zeroharm.campaigns.services.pledge import pledge_open_to
from zeroharm.core.scoping import children_visible_to

__all__ = ["campaign_overview", "tasks_with_progress", "running_campaign_for"]


def running_campaign_for(user, unit, today):
    """The campaign running on `today` whose scope holds `unit` (its own unit or one above it) and that `user` sees;
    the latest started when several do. One query."""
    from zeroharm.campaigns.choices import State
    from zeroharm.core.scoping import ancestor_paths

    return (
        Campaign.objects.visible_to(user)
        .filter(
            state=State.RUNNING,
            is_archived=False,
            starts_on__lte=today,
            ends_on__gte=today,
            unit__path__in=ancestor_paths(unit.path),
        )
        .order_by("-starts_on", "-id")
        .first()
    )


def tasks_with_progress(campaign: Campaign, user):
    """The campaign's tasks, each with how many units hold it, have submitted and are accepted (one query)."""
    done = (TaskState.SUBMITTED, TaskState.ACCEPTED)
    return campaign.tasks.filter(is_archived=False).annotate(
        units=Count("assignments"),
        submitted=Count("assignments", filter=Q(assignments__state__in=done)),
        accepted=Count("assignments", filter=Q(assignments__state=TaskState.ACCEPTED)),
    )


def campaign_overview(campaign: Campaign, user) -> dict:
    person = getattr(user, "person", None)
    signed = (
        PledgeSignature.objects.filter(campaign=campaign, person=person).select_related("signature").first()
        if person is not None
        else None
    )
    return {
        "committee": children_visible_to(user, campaign.committee.all(), "campaign").select_related("person__unit"),
        "documents": children_visible_to(user, campaign.documents.all(), "campaign"),
        "tasks": tasks_with_progress(campaign, user),
        "my_pledge_signature": signed,
        "may_sign_pledge": signed is None and pledge_open_to(campaign, person),
        "meetings": campaign.meetings.filter(is_archived=False),
        "statements": campaign.statements.visible_to(user).filter(is_archived=False).select_related("unit", "speaker"),
        "activity_count": campaign.activities.visible_to(user).filter(is_archived=False).count(),
        "pledge_signed_count": campaign.pledge_signatures.count() if campaign.pledge_published_at else 0,
        "closing_reports": campaign.closing_reports.visible_to(user).filter(is_archived=False).select_related("unit"),
    }

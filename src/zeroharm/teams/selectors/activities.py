"""Reads of team safety activities: the list's rows with how many attended, and a team's month."""

from __future__ import annotations

import datetime

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from zeroharm.teams.models import TeamActivity

__all__ = ["activity_list", "month_of", "month_plan"]


def activity_list(queryset):
    """A list's activities with their team and `attendee_count`. The count is a subquery, not a join: a member reads
    the activities they attended through the same attendees, and a join would count only them."""
    through = TeamActivity.attendees.through
    counted = (
        through.objects.filter(teamactivity_id=OuterRef("pk"))
        .order_by()
        .values("teamactivity_id")
        .annotate(n=Count("*"))
        .values("n")
    )
    return queryset.select_related("team").annotate(
        attendee_count=Coalesce(Subquery(counted, output_field=IntegerField()), 0)
    )


def month_of(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and the last day of `day`'s month."""
    first = day.replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return first, following - datetime.timedelta(days=1)


def month_plan(queryset, team, day: datetime.date) -> list[TeamActivity]:
    """The team's activities of `day`'s month among `queryset` (already scoped), by day: planned, held and
    cancelled, so the month's plan reads whole."""
    first, last = month_of(day)
    return list(
        activity_list(queryset.filter(team=team, planned_on__range=(first, last), is_archived=False)).order_by(
            "planned_on", "id"
        )
    )

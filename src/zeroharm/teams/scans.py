"""The briefings not held: once a team's briefing time plus two hours has passed on one of its briefing days with no
briefing opened, the briefing is recorded as not held and the workshop (the principal of the unit above the team)
and the team's leader are told. A briefing opened later still counts as held late. Running twice changes nothing:
a flagged briefing is not flagged again."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from zeroharm.notifications.services import notify
from zeroharm.org.models import OrgUnit
from zeroharm.teams.choices import BriefingStatus, Shift
from zeroharm.teams.models import Briefing, TeamProfile
from zeroharm.teams.rules import window
from zeroharm.teams.services.briefings import briefing_draft

__all__ = ["briefings_not_held"]


def _due(profile: TeamProfile, day: datetime.date, now) -> bool:
    if str(day.weekday()) not in profile.weekdays or (profile.briefings_from and day < profile.briefings_from):
        return False
    starts = timezone.make_aware(datetime.datetime.combine(day, profile.briefing_time))
    return window.is_missed(starts, None, now)


@transaction.atomic
def briefings_not_held(*, now) -> str:
    day = timezone.localdate(now)
    profiles = [
        p
        for p in TeamProfile.objects.filter(is_archived=False).select_related("unit", "leader__user")
        if _due(p, day, now)
    ]
    held = dict(
        Briefing.objects.filter(team__in=[p.unit_id for p in profiles], day=day, shift=Shift.DAY).values_list(
            "team_id", "status"
        )
    )
    flagged = 0
    for profile in profiles:
        status = held.get(profile.unit_id)
        if status in (BriefingStatus.OPEN, BriefingStatus.CLOSED, BriefingStatus.MISSED, BriefingStatus.PAPER):
            continue
        _flag(profile, day)
        flagged += 1
    return f"{flagged} briefings not held"


def _flag(profile: TeamProfile, day: datetime.date) -> None:
    team = profile.unit
    # Drafted as the leader would have found it (its rules of the day), so holding it late teaches the same.
    briefing = Briefing.objects.filter(team=team, day=day, shift=Shift.DAY).first() or briefing_draft(
        team, day, Shift.DAY, None
    )
    briefing.status, briefing.flagged_on = BriefingStatus.MISSED, day
    briefing.version += 1
    briefing._change_reason = gettext_noop("not held by its deadline")
    briefing.save()
    workshop = OrgUnit.objects.filter(path=team.parent_path).select_related("principal__user").first()
    recipients = {u for u in (workshop.principal_user if workshop else None, _leader_user(profile)) if u}
    notify(
        recipients=recipients,
        event="teams.briefing_not_held",
        title=(
            gettext_noop("No pre-shift briefing in %(team)s on %(day)s"),
            {"team": team.name, "day": f"{day:%Y-%m-%d}"},
        ),
        body=(
            gettext_noop("The briefing was due at %(time)s and was not opened within two hours."),
            {"time": f"{profile.briefing_time:%H:%M}"},
        ),
        url=briefing.get_absolute_url(),
    )


def _leader_user(profile: TeamProfile):
    return profile.leader.active_user if profile.leader_id else None

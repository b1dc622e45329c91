"""What a briefing shows: its checklist, warnings, carry-overs, a case from the library, open hidden dangers, and
its roster with each member's clearance to work (training's judgement, the same as the training pages')."""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from zeroharm.core.compiled import CompiledQuery
from zeroharm.hazards import selectors as hazards
from zeroharm.incidents import selectors as incidents
from zeroharm.org.models import Person
from zeroharm.risks import selectors as risks
from zeroharm.teams.choices import BriefingStatus
from zeroharm.teams.models import Briefing, BriefingAttendance, CheckItem, CheckKind, ShiftWarning, TeamProfile
from zeroharm.teams.rules.checklist import DEFAULT_HANDOVER, DEFAULT_PERSON
from zeroharm.teams.selectors.procedures import ancestor_paths
from zeroharm.training.selectors import clearance

__all__ = [
    "CASE_REST_DAYS",
    "profile_of",
    "checklist_for",
    "person_check_keys",
    "own_attendance",
    "clearance_now",
    "clearances_now",
    "warnings_for",
    "carried_over_for",
    "case_for",
    "Roster",
    "roster_of",
    "briefing_page",
    "briefing_list",
    "teams_today",
]

CASE_REST_DAYS = 60  # a case read to a team is not read to it again this soon


def profile_of(team) -> TeamProfile:
    """The team's settings (the defaults until someone saves them)."""
    return TeamProfile.objects.filter(unit=team).select_related("leader", "monitor").first() or TeamProfile(unit=team)


def checklist_for(team) -> dict[str, list[tuple[str, str]]]:
    """{kind: [(key, text)]}: the nearest unit's own list for each kind, else the built-in one (translated)."""
    items = list(
        CheckItem.objects.filter(unit__path__in=ancestor_paths(team), is_archived=False)
        .order_by("-unit__depth", "kind", "position", "id")
        .values_list("unit__depth", "kind", "pk", "text")
    )
    lists = {CheckKind.HANDOVER: DEFAULT_HANDOVER, CheckKind.PERSON: DEFAULT_PERSON}
    result = {}
    for kind, default in lists.items():
        own = [row for row in items if row[1] == kind]
        nearest = own[0][0] if own else None
        result[str(kind)] = (
            [(f"i{pk}", text) for depth, _kind, pk, text in own if depth == nearest]
            if own
            else [(key, _(text)) for key, text in default]
        )
    return result


CHECK_KEYS_SECONDS = 60  # the longest another process keeps the keys of a list changed since
# {team id: (until, keys)}: this process's own, not the cache's (with the shared db:// cache, a read of the cache is
# a query too, as many as the one it would save).
_kept: dict[int, tuple[float, list[str]]] = {}


def checklists_changed() -> None:
    """A check item was written (teams.hooks): this process forgets the keys it kept, now and after the commit (a
    sign-in in between would keep the list before it); other processes within CHECK_KEYS_SECONDS."""
    _kept.clear()
    transaction.on_commit(_kept.clear)


def person_check_keys(team) -> list[str]:
    """The keys of the team's person checks, kept in the process for a minute: a sign-in whose answers are exactly
    these needs no query; one whose answers differ reads checklist_for again before saying what is missing. So
    answers to a list changed less than a minute ago are taken, and answers to the new list at once."""
    now = time.monotonic()
    kept = _kept.get(team.pk)
    if kept is not None and kept[0] > now:
        return kept[1]
    keys = [key for key, _text in checklist_for(team)["person"]]
    _kept[team.pk] = (now + CHECK_KEYS_SECONDS, keys)
    return keys


def own_attendance(briefing_id, user) -> BriefingAttendance | None:
    """The user's row on the briefing's roster, with the briefing, its team and the person with the unit and position
    clearance is judged on: all a sign-in reads, in one query. None: not on it (or no such briefing).

    The person is the login's own when the login was read with it (accounts.backends: the signed-in user comes with
    their person, unit and post), so the row is read without joining them again (a third of its cost at the
    shift-start peak); a login read without them (an API token) has the row read with them."""
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        briefing_id = int(briefing_id)
    except (TypeError, ValueError):
        return None
    person = _read_with_login(user)
    if person is None:
        return _own_row_with_person.first(briefing_id, user.pk)
    row = _own_row.first(briefing_id, person.pk)
    if row is not None:
        row.person = person
    return row


# The sign-in's read, compiled once (core.compiled): at shift start it runs hundreds of times a second.
_own_row = CompiledQuery(
    lambda briefing_id, person_id: BriefingAttendance.objects.select_related("briefing__team").filter(
        briefing_id=briefing_id, person_id=person_id
    ),
    ids=2,
)
_own_row_with_person = CompiledQuery(
    lambda briefing_id, user_id: BriefingAttendance.objects.select_related(
        "briefing__team", "person__unit", "person__position"
    ).filter(briefing_id=briefing_id, person__user_id=user_id),
    ids=2,
)


def _read_with_login(user) -> Person | None:
    """The login's person when it was read with the login, its unit and its post (and has a person at all)."""
    if not user._meta.get_field("person").is_cached(user):
        return None
    person = getattr(user, "person", None)
    fields = Person._meta
    if person is None or not fields.get_field("unit").is_cached(person):
        return None
    return person if person.position_id is None or fields.get_field("position").is_cached(person) else None


def clearance_now(attendance: BriefingAttendance) -> tuple[bool, list[str]]:
    """Cleared to work on the briefing's day, and why not: the verdict kept when the briefing was opened while
    nothing it was judged on changed since (one query, training.selectors.stamps), else training's judgement again
    (always for someone not cleared then: their reasons, as they are now, in the reader's language)."""
    person, day = attendance.person, attendance.briefing.day
    stamp = attendance.cleared_stamp
    if stamp and clearance.clearance_stamps([person], day)[person.pk] == stamp:
        return True, []
    judged = clearance.clearance_for([person], day)[person.pk]
    return judged.cleared, judged.reasons


def clearances_now(rows: list[BriefingAttendance], day: datetime.date) -> dict[int, tuple[bool, list[str]]]:
    """{person id: (cleared, why not)} for many roster rows at once, as clearance_now judges one: one stamp query
    for all, and training's judgement (one batch) only for those whose kept verdict no longer holds."""
    if not rows:
        return {}
    stamps = clearance.clearance_stamps([row.person for row in rows], day)
    kept = [row for row in rows if row.cleared_stamp and stamps[row.person_id] == row.cleared_stamp]
    found: dict[int, tuple[bool, list[str]]] = {row.person_id: (True, []) for row in kept}
    again = [row.person_id for row in rows if row.person_id not in found]
    for pk, judged in (clearance.clearance_for(again, day) if again else {}).items():
        found[pk] = (judged.cleared, judged.reasons)
    return found


def warnings_for(team, day: datetime.date) -> list[str]:
    return list(
        ShiftWarning.objects.filter(
            unit__path__in=ancestor_paths(team), starts_on__lte=day, ends_on__gte=day, is_archived=False
        )
        .order_by("starts_on", "id")
        .values_list("text", flat=True)
    )


def carried_over_for(team, starts_at: datetime.datetime) -> str:
    """What the team's last held briefing before this one left for the next shift."""
    last = (
        Briefing.objects.filter(
            team=team, starts_at__lt=starts_at, status__in=[BriefingStatus.OPEN, BriefingStatus.CLOSED]
        )
        .order_by("-starts_at")
        .values_list("carry_on", flat=True)
        .first()
    )
    return last or ""


def case_for(team, day: datetime.date):
    """A lesson from the case library, like the incidents of the team's workshop, not read to the team lately."""
    shown = set(
        Briefing.objects.filter(
            team=team, day__gte=day - datetime.timedelta(days=CASE_REST_DAYS), case_id__isnull=False
        ).values_list("case_id", flat=True)
    )
    workshop = team.parent_path or team.path
    since = datetime.datetime.combine(day - datetime.timedelta(days=365), datetime.time(), tzinfo=datetime.UTC)
    categories = [category for _point, category in incidents.recent_in(workshop, since)]
    return incidents.case_for_briefing(categories, shown)


@dataclass
class Roster:
    attendance: BriefingAttendance
    cleared: bool
    gaps: list[str]

    @property
    def may_start(self) -> bool:
        """The shift gate: signed in, cleared, and no open fitness concern."""
        a = self.attendance
        signed = a.status in ("present", "late")
        return signed and self.cleared and (not a.concern or a.decision in ("may_work", "other_task"))


def roster_of(briefing: Briefing) -> list[Roster]:
    rows = list(briefing.attendances.select_related("person__position", "proxy_by").order_by("person__name", "id"))
    judged = clearance.clearance_for([row.person for row in rows], briefing.day)
    return [Roster(row, judged[row.person_id].cleared, judged[row.person_id].reasons) for row in rows]


def briefing_page(briefing: Briefing) -> dict:
    """Everything the briefing's page shows besides its roster, in a fixed number of queries."""
    team = briefing.team
    return {
        "rules": list(briefing.rules.select_related("clause__version__procedure").order_by("position")),
        "tasks": list(briefing.tasks.select_related("risk_point").prefetch_related("people").order_by("position")),
        "hot_points": risks.hot_points_for(team),
        "hazards": hazards.open_in(team),
        "case": incidents.case_titles([briefing.case_id]).get(briefing.case_id) if briefing.case_id else None,
        "checklist": checklist_for(team),
    }


def briefing_list(queryset):
    """A list's briefings with how many signed in and how many were on the roster."""
    return queryset.select_related("team", "leader").annotate(
        present=Count("attendances", filter=Q(attendances__status__in=["present", "late"])),
        roster=Count("attendances"),
    )


def teams_today(units, day: datetime.date) -> list[dict]:
    """Each team among `units` with today's day-shift briefing (or none yet), for the teams page: one query for the
    teams, one for their briefings."""
    teams = list(units.filter(kind="team", is_archived=False).order_by("path"))
    briefings = {
        b.team_id: b
        for b in Briefing.objects.filter(team__in=[t.pk for t in teams], day=day, shift="day").annotate(
            present=Count("attendances", filter=Q(attendances__status__in=["present", "late"])),
            roster=Count("attendances"),
        )
    }
    return [{"team": team, "briefing": briefings.get(team.pk)} for team in teams]

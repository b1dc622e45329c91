"""The paper briefing log (班前会记录簿) a team kept before it held its briefings in ZeroHarm, brought in whole.

Each row is one briefing as the log has it: the team, day, shift, when it started and how long it lasted, who held
it, the rule of the day as written, who signed the log (present) and who was absent. It becomes a Briefing with the
status "Logged on paper" and one BriefingAttendance per person named (auditors reject a ticked count: attendance is
per person, against the team's members). A paper briefing is never signed here and no service edits it: it counts
as held, like a live one, and the log and lists mark it.

Live records win: a row for a team, day and shift ZeroHarm already holds a briefing for (drafted, held, signed or
flagged as not held) is refused; one a paper import brought in before is replaced by the row (the log corrected and
imported again). A team's briefing days count from its first briefing: a log reaching back before the team's first
day moves `TeamProfile.briefings_from` back to the log's first day, so the days the log lacks count as not held.

Written in bulk with history rows (as training's `credits_import`, through core.bulk: a roster's rows share most of
their values, prepared once): a workshop's quarter of logs, or the demo's whole group (some 7,500 briefings and
165,000 attendance rows), costs seconds, not a service call per briefing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from zeroharm.core.bulk import insert_with_history
from zeroharm.core.imports import RowError, RowsRefused
from zeroharm.core.roles import Action
from zeroharm.core.scoping import units_for
from zeroharm.core.services import record_step_save
from zeroharm.org.models import Person
from zeroharm.teams.choices import BriefingStatus, SignInMethod, SignInStatus
from zeroharm.teams.models import Briefing, BriefingAttendance, TeamProfile

__all__ = ["PaperRow", "PaperLogRefused", "PaperLogResult", "paper_log_import"]

IMPORTED = gettext_noop("imported from the paper briefing log")


@dataclass(frozen=True)
class PaperRow:
    """One briefing of the paper log, parsed (the import page's row form, or the demo)."""

    team: object
    day: datetime.date
    shift: str
    start: datetime.time
    minutes: int
    held_by: Person | None
    present: tuple[Person, ...]
    absent: tuple[Person, ...] = ()
    rule: str = ""
    notes: str = ""


def _problem(row: int, column: str, value: str, message: str) -> RowError:
    """Why a row is refused, as the import page lists it: its number, the column (a PaperRow field's name) and the
    reason, after the value it refuses."""
    return RowError(row, column, value, f"'{value}': {message}" if value else message)


class PaperLogRefused(RowsRefused):
    """The rows refused, as core.imports' RowsRefused (the import page shows it as it is); `problems`: its errors."""

    @property
    def problems(self) -> list[RowError]:
        return self.errors


@dataclass(frozen=True)
class PaperLogResult:
    created: int
    updated: int
    attendances: int


@transaction.atomic
def paper_log_import(*, rows: list[PaperRow], acting_user, numbers: list[int] | None = None) -> PaperLogResult:
    """Bring the rows in whole, or refuse them all (PaperLogRefused, every problem with its row and column).
    `numbers`: each row's number as the user sees it (the file's row); else its place in the list from 1."""
    numbers = numbers or list(range(1, len(rows) + 1))
    teams = {row.team.pk: row.team for row in rows}
    # Whoever may hold a team's briefings (the teams' CHANGE) may bring in its log: leaders, directors, above.
    allowed = set(
        units_for(acting_user, Briefing.scope_area, Action.CHANGE)
        .filter(pk__in=teams, kind="team")
        .values_list("pk", flat=True)
    )
    existing = _existing(teams, rows)
    problems = _problems(rows, numbers, allowed, existing)
    if problems:
        raise PaperLogRefused(problems)
    earlier = Briefing.objects.select_for_update().filter(pk__in=[pk for pk, _status in existing.values()])
    replaced = {(b.team_id, b.day, b.shift): b for b in earlier}
    new, again = [], []
    for row in rows:
        briefing = replaced.get((row.team.pk, row.day, row.shift))
        if briefing is None:
            new.append(row)
        else:
            again.append((record_step_save(_briefing(briefing, row), acting_user, IMPORTED), row))
    if again:  # the log corrected: its people as it now says
        BriefingAttendance.objects.filter(briefing__in=[b for b, _row in again]).delete()
    now = timezone.now()
    ids = _insert_briefings(new, acting_user, now)
    pairs = [(ids[(row.team.pk, row.day, row.shift)], _briefing_start(row), row) for row in new]
    pairs += [(briefing.pk, briefing.starts_at, row) for briefing, row in again]
    attendances = _attend(pairs, now)
    insert_with_history(
        BriefingAttendance, attendances, key=("briefing_id", "person_id"), user=acting_user, reason=IMPORTED, when=now
    )
    _count_from_first_day(rows, acting_user)
    return PaperLogResult(len(new), len(again), len(attendances))


def _insert_briefings(rows: list[PaperRow], acting_user, now) -> dict[tuple, int]:
    """The new paper briefings in bulk (core.bulk), their ids by team, day and shift. Each starts as a model instance
    (its defaults: a secret of its own, empty lists) and is inserted as its field values."""
    fields = [f.attname for f in Briefing._meta.concrete_fields if f is not Briefing._meta.auto_field]
    values = []
    for row in rows:
        briefing = _briefing(Briefing(team=row.team, day=row.day, shift=row.shift), row)
        briefing.created_at = briefing.updated_at = now
        values.append({name: getattr(briefing, name) for name in fields})
    return insert_with_history(
        Briefing, values, key=("team_id", "day", "shift"), user=acting_user, reason=IMPORTED, when=now
    )


def _briefing_start(row: PaperRow) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(row.day, row.start))


def _existing(teams: dict, rows: list[PaperRow]) -> dict[tuple, tuple[int, str]]:
    """{(team id, day, shift): (briefing id, status)} of the briefings already held for the rows' days."""
    if not rows:
        return {}
    days = [row.day for row in rows]
    found = Briefing.objects.filter(team_id__in=teams, day__range=(min(days), max(days))).values_list(
        "pk", "team_id", "day", "shift", "status"
    )
    return {(team, day, shift): (pk, status) for pk, team, day, shift, status in found}


def _problems(rows: list[PaperRow], numbers: list[int], allowed: set, existing: dict) -> list[RowError]:
    today = timezone.localdate()
    paths = _unit_paths(rows)
    seen: dict[tuple, int] = {}
    problems = []
    for number, row in zip(numbers, rows, strict=True):
        key = (row.team.pk, row.day, row.shift)
        day = f"{row.day:%Y-%m-%d}"
        if row.team.pk not in allowed:
            problems.append(_problem(number, "team", row.team.code, _("you may not hold this team's briefings")))
        if row.day > today:
            problems.append(_problem(number, "day", day, _("is in the future")))
        if key in seen:
            message = _("the same team, day and shift as row %(row)s") % {"row": seen[key]}
            problems.append(_problem(number, "day", day, message))
        seen.setdefault(key, number)
        held = existing.get(key)
        if held and held[1] != BriefingStatus.PAPER:
            message = _("ZeroHarm already holds this briefing (%(status)s): the live record is kept") % {
                "status": BriefingStatus(held[1]).label
            }
            problems.append(_problem(number, "day", day, message))
        problems += _people_problems(number, row, paths)
        if not 1 <= row.minutes <= 240:
            problems.append(_problem(number, "minutes", str(row.minutes), _("must be between 1 and 240 minutes")))
    return problems


def _unit_paths(rows: list[PaperRow]) -> dict[int, str]:
    """{person id: their unit's path}, read here whatever the caller loaded (one query for the whole log)."""
    ids = {p.pk for row in rows for p in (*row.present, *row.absent, *([row.held_by] if row.held_by else []))}
    return dict(Person.objects.filter(pk__in=ids).values_list("pk", "unit__path"))


def _people_problems(number: int, row: PaperRow, paths: dict) -> list[RowError]:
    problems = []
    named: set[int] = set()
    for column, people in (("held_by", [row.held_by] if row.held_by else []), ("present", row.present)):
        for person in people:
            if not paths.get(person.pk, "").startswith(row.team.path):
                message = _("%(name)s is not a member of this team") % {"name": person.name}
                problems.append(_problem(number, column, person.employee_no, message))
    for column, people in (("present", row.present), ("absent", row.absent)):
        for person in people:
            if person.pk in named:
                message = _("%(name)s is named twice on the row") % {"name": person.name}
                problems.append(_problem(number, column, person.employee_no, message))
            elif column == "absent" and not paths.get(person.pk, "").startswith(row.team.path):
                message = _("%(name)s is not a member of this team") % {"name": person.name}
                problems.append(_problem(number, column, person.employee_no, message))
            named.add(person.pk)
    if not row.present:
        problems.append(
            _problem(number, "present", "", _("name who attended: a briefing nobody attended was not held"))
        )
    return problems


def _briefing(briefing: Briefing, row: PaperRow) -> Briefing:
    """The row's facts on the briefing: held from its start for its minutes (so never late: the log says when it
    began), by the person it names, with the rule of the day and the notes as written."""
    starts = _briefing_start(row)
    ends = starts + datetime.timedelta(minutes=row.minutes)
    briefing.starts_at, briefing.ends_at, briefing.opened_at, briefing.closed_at = starts, ends, starts, ends
    briefing.status, briefing.leader = BriefingStatus.PAPER, row.held_by
    briefing.paper_rule, briefing.notes = row.rule[:300], row.notes[:4000]
    return briefing


def _attend(pairs, now) -> list[dict]:
    """One attendance row per person named: (briefing id, its start, the row) → the rows' field values."""
    rows = []
    common = {"created_at": now, "updated_at": now}
    for briefing_id, starts, row in pairs:
        for person in row.present:
            rows.append(
                {
                    **common,
                    "briefing_id": briefing_id,
                    "person_id": person.pk,
                    "status": SignInStatus.PRESENT.value,
                    "method": SignInMethod.PAPER.value,
                    "signed_at": starts,
                    "heard_rules": True,
                }
            )
        for person in row.absent:
            rows.append(
                {**common, "briefing_id": briefing_id, "person_id": person.pk, "status": SignInStatus.ABSENT.value}
            )
    return rows


def _count_from_first_day(rows: list[PaperRow], acting_user) -> None:
    """A team's briefing days begin with its first briefing, paper or live: the log's first day when earlier."""
    first: dict[int, datetime.date] = {}
    for row in rows:
        first[row.team.pk] = min(row.day, first.get(row.team.pk, row.day))
    for profile in TeamProfile.objects.select_for_update().filter(unit_id__in=first, briefings_from__isnull=False):
        if first[profile.unit_id] < profile.briefings_from:
            profile.briefings_from = first[profile.unit_id]
            record_step_save(profile, acting_user, gettext_noop("briefing days counted from the paper log"))

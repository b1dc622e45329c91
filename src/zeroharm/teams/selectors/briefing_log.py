"""A team's briefing log (班前会记录) for a month: every briefing in date order with when it was held (late, or not at
all), who held it, the rules of the day, tasks, warnings, carry-overs, attendance, fitness "no"s and the leader's
decisions, and for a closed briefing its signature and whether the record is still as signed.

A closed briefing is printed from its signed `content` (what was signed is what is printed); the others from their
rows, read into the same shape. Eight queries whatever the number of briefings and people: the briefings, the rules,
tasks, task members and attendances of those not yet signed, the users who signed someone in, the signatures, and the
team's checklist (the texts of the person checks)."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.utils import timezone

from zeroharm.core.models import Signature
from zeroharm.core.signatures import still_valid
from zeroharm.teams.choices import BriefingStatus, FitnessDecision, Shift, SignInStatus
from zeroharm.teams.models import Briefing, BriefingAttendance, BriefingClause, BriefingTask
from zeroharm.teams.rules import window
from zeroharm.teams.selectors.briefings import checklist_for

__all__ = ["LogEntry", "BriefingLog", "month_bounds", "briefing_log"]

SHIFT_ORDER = {value: n for n, value in enumerate(Shift.values)}
COUNTED = (
    SignInStatus.PRESENT,
    SignInStatus.LATE,
    SignInStatus.ABSENT,
    SignInStatus.EXCUSED,
    SignInStatus.REFUSED,
    SignInStatus.EXPECTED,
)


@dataclass
class LogEntry:
    """One briefing as the log prints it."""

    pk: int
    day: datetime.date
    shift: str
    status: str
    starts_at: datetime.datetime | None
    opened_at: datetime.datetime | None
    closed_at: datetime.datetime | None
    held_late: bool
    not_held: bool
    leader: str
    rules: list[dict]
    tasks: list[dict]
    warnings: str
    carried_over: str
    carry_on: str
    counts: dict[str, int]
    absent: list[str]
    excused: list[str]
    refused: list[tuple[str, str]]  # (name, why)
    proxies: list[tuple[str, str]]  # (member, signed in for them by)
    concerns: list[tuple[str, list[str], str]]  # (member, the checks answered no, the leader's decision)
    paper_rule: str = ""  # the rule of the day as the paper log wrote it
    as_signed: bool = False  # printed from the signed content
    signature: Signature | None = None
    still_valid: bool | None = None

    @property
    def shift_label(self) -> str:
        return Shift(self.shift).label if self.shift in Shift.values else self.shift

    @property
    def status_label(self) -> str:
        shown = BriefingStatus.MISSED if self.not_held else self.status
        return BriefingStatus(shown).label if shown in BriefingStatus.values else shown

    @property
    def from_paper(self) -> bool:
        """Logged on paper before the team went live (teams.services.paper_log): held, never signed here."""
        return self.status == BriefingStatus.PAPER

    @property
    def minutes(self) -> int | None:
        if self.opened_at is None or self.closed_at is None:
            return None
        return max(0, round((self.closed_at - self.opened_at).total_seconds() / 60))

    @property
    def roster(self) -> int:
        return sum(self.counts.values())

    @property
    def present(self) -> int:
        """Signed in, on time or late."""
        return self.counts[SignInStatus.PRESENT] + self.counts[SignInStatus.LATE]


@dataclass
class BriefingLog:
    team: object
    first: datetime.date
    last: datetime.date
    entries: list[LogEntry] = field(default_factory=list)

    @property
    def totals(self) -> dict[str, int]:
        entries = self.entries
        return {
            "briefings": len(entries),
            "held": sum(1 for e in entries if e.opened_at is not None),
            "late": sum(1 for e in entries if e.held_late),
            "paper": sum(1 for e in entries if e.from_paper),
            "not_held": sum(1 for e in entries if e.not_held),
            "signed": sum(1 for e in entries if e.signature is not None),
            "changed": sum(1 for e in entries if e.still_valid is False),
            "present": sum(e.present for e in entries),
            "roster": sum(e.roster for e in entries),
        }


def month_bounds(month: datetime.date) -> tuple[datetime.date, datetime.date]:
    first = month.replace(day=1)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


def _moment(value) -> datetime.datetime | None:
    return datetime.datetime.fromisoformat(value) if value else None


def _printed_name(user) -> str:
    """A user as a signature prints them (core.signatures.sign): their person's name, else their name or login."""
    person = getattr(user, "person", None)
    return (person.name if person else "") or user.get_full_name() or user.get_username()


def _decision_label(decision: str) -> str:
    return FitnessDecision(decision).label if decision in FitnessDecision.values else decision


def _live_content(briefing: Briefing, rules, tasks, task_people, attendances) -> dict:
    """A briefing not yet signed read into the shape of its signed content (teams.services.content), from the rows
    fetched for the whole month."""
    return {
        "day": briefing.day.isoformat(),
        "shift": briefing.shift,
        "starts_at": briefing.starts_at.isoformat(),
        "opened_at": briefing.opened_at.isoformat() if briefing.opened_at else None,
        "closed_at": briefing.closed_at.isoformat() if briefing.closed_at else None,
        "leader": briefing.leader.name if briefing.leader_id else None,
        "rules": [
            {"procedure": r.clause.version.procedure.code, "number": r.clause.number, "text": r.clause.text}
            for r in rules.get(briefing.pk, [])
        ],
        "tasks": [
            {
                "task": t.description,
                "risk_point": t.risk_point.code if t.risk_point_id else None,
                "measures": t.measures,
                "people": sorted(task_people.get(t.pk, [])),
            }
            for t in tasks.get(briefing.pk, [])
        ],
        "paper_rule": briefing.paper_rule,
        "warnings": briefing.warnings,
        "carried_over": briefing.carried_over,
        "carry_on": briefing.carry_on,
        "attendance": [
            {
                "employee_no": a.person.employee_no,
                "name": a.person.name,
                "status": a.status,
                "method": a.method,
                "proxy_by": a.proxy_by_id,
                "checks": a.checks,
                "decision": a.decision,
                "refusal": a.refusal,
            }
            for a in attendances.get(briefing.pk, [])
        ],
    }


def _entry(briefing: Briefing, content: dict, *, checks: dict, proxies: dict, now) -> LogEntry:
    starts_at, opened_at = _moment(content.get("starts_at")), _moment(content.get("opened_at"))
    status = briefing.status
    attendance = content.get("attendance") or []
    by_no = {a.get("employee_no"): a.get("name") for a in attendance}
    counts = dict.fromkeys(COUNTED, 0)
    absent, excused, refused, proxied, concerns = [], [], [], [], []
    for a in attendance:
        name, state = a.get("name") or "", a.get("status")
        counts[state] = counts.get(state, 0) + 1
        if state == SignInStatus.ABSENT:
            absent.append(name)
        elif state == SignInStatus.EXCUSED:
            excused.append(name)
        elif state == SignInStatus.REFUSED:
            refused.append((name, a.get("refusal") or ""))
        if a.get("proxy_by"):
            proxied.append((name, proxies.get(a["proxy_by"], str(a["proxy_by"]))))
        said_no = [checks.get(key, key) for key, ok in (a.get("checks") or {}).items() if ok is False]
        if said_no and state in (SignInStatus.PRESENT, SignInStatus.LATE):
            decision = a.get("decision") or ""
            concerns.append((name, said_no, _decision_label(decision)))
    return LogEntry(
        pk=briefing.pk,
        day=datetime.date.fromisoformat(content["day"]) if content.get("day") else briefing.day,
        shift=content.get("shift") or briefing.shift,
        status=status,
        starts_at=starts_at,
        opened_at=opened_at,
        closed_at=_moment(content.get("closed_at")),
        held_late=window.held_late(starts_at, opened_at) if starts_at else False,
        not_held=opened_at is None
        and (status == BriefingStatus.MISSED or (starts_at is not None and window.is_missed(starts_at, None, now))),
        leader=content.get("leader") or "",
        rules=list(content.get("rules") or []),
        tasks=[
            {**t, "people": [by_no.get(no, no) for no in t.get("people") or []]} for t in content.get("tasks") or []
        ],
        paper_rule=content.get("paper_rule") or "",
        warnings=content.get("warnings") or "",
        carried_over=content.get("carried_over") or "",
        carry_on=content.get("carry_on") or "",
        counts=counts,
        absent=absent,
        excused=excused,
        refused=refused,
        proxies=proxied,
        concerns=concerns,
    )


def _grouped(rows, key: str) -> dict[int, list]:
    found: dict[int, list] = {}
    for row in rows:
        found.setdefault(getattr(row, key), []).append(row)
    return found


def briefing_log(team, month: datetime.date, *, now: datetime.datetime | None = None) -> BriefingLog:
    """The team's briefings of the month of `month`, in date and shift order."""
    now = now or timezone.now()
    first, last = month_bounds(month)
    in_month = {"team": team, "day__range": (first, last)}
    briefings = list(Briefing.objects.filter(**in_month).select_related("leader").order_by("day", "starts_at", "id"))
    briefings.sort(key=lambda b: (b.day, SHIFT_ORDER.get(b.shift, 99), b.starts_at))
    # The rows of the briefings not yet signed (a signed one prints its content): one query each, whatever the month.
    live = {f"briefing__{k}": v for k, v in in_month.items()} | {"briefing__content__isnull": True}
    rules = _grouped(
        BriefingClause.objects.filter(**live).select_related("clause__version__procedure").order_by("position"),
        "briefing_id",
    )
    tasks = _grouped(
        BriefingTask.objects.filter(**live).select_related("risk_point").order_by("position"), "briefing_id"
    )
    task_people: dict[int, list[str]] = {}
    members = BriefingTask.people.through.objects.filter(**{f"briefingtask__{k}": v for k, v in live.items()})
    for task_id, employee_no in members.values_list("briefingtask_id", "person__employee_no"):
        task_people.setdefault(task_id, []).append(employee_no)
    attendances = _grouped(
        BriefingAttendance.objects.filter(**live).select_related("person").order_by("person__employee_no", "id"),
        "briefing_id",
    )
    proxies = {}  # a user by id (the rows) and by login (the signed content) → their printed name
    signed_in_for = BriefingAttendance.objects.filter(**{f"briefing__{k}": v for k, v in in_month.items()})
    users = get_user_model().objects.filter(pk__in=signed_in_for.filter(proxy_by__isnull=False).values("proxy_by_id"))
    for user in users.select_related("person"):
        proxies[user.pk] = proxies[user.get_username()] = _printed_name(user)
    signed_ids = Briefing.objects.filter(**in_month, signature_id__isnull=False).values("signature_id")
    signatures = {s.pk: s for s in Signature.objects.filter(pk__in=signed_ids)}
    checks = dict(checklist_for(team)["person"])
    log = BriefingLog(team=team, first=first, last=last)
    for briefing in briefings:
        signed = briefing.content is not None
        content = briefing.content if signed else _live_content(briefing, rules, tasks, task_people, attendances)
        entry = _entry(briefing, content, checks=checks, proxies=proxies, now=now)
        entry.as_signed = signed
        entry.signature = signatures.get(briefing.signature_id) if briefing.signature_id else None
        if entry.signature is not None:
            entry.still_valid = still_valid(entry.signature, briefing.content)
        log.entries.append(entry)
    return log

"""A briefing's whole record as plain data: what the leader signs when closing it, and what its page and its monthly
log print once it is closed (so the signed record and the printed one are the same)."""

from __future__ import annotations

from zeroharm.incidents import selectors as incidents
from zeroharm.teams.models import Briefing

__all__ = ["briefing_content"]


def _moment(value) -> str | None:
    return value.isoformat() if value else None


def briefing_content(briefing: Briefing) -> dict:
    rules = briefing.rules.select_related("clause__version__procedure").order_by("position")
    tasks = briefing.tasks.select_related("risk_point").prefetch_related("people").order_by("position")
    attendances = briefing.attendances.select_related("person", "proxy_by").order_by("person__employee_no")
    case = incidents.case_titles([briefing.case_id]).get(briefing.case_id) if briefing.case_id else None
    return {
        "record": "teams.briefing",
        "id": briefing.pk,
        "team": briefing.team.code,
        "team_name": briefing.team.name,
        "day": briefing.day.isoformat(),
        "shift": briefing.shift,
        "starts_at": _moment(briefing.starts_at),
        "opened_at": _moment(briefing.opened_at),
        "closed_at": _moment(briefing.closed_at),
        "leader": briefing.leader.name if briefing.leader_id else None,
        "rules": [
            {
                "procedure": r.clause.version.procedure.code,
                "version": r.clause.version.number,
                "number": r.clause.number,
                "text": r.clause.text,
                "key_risks": r.clause.key_risks,
                "ppe": sorted(r.clause.ppe or []),
                "reason": r.reason,
            }
            for r in rules
        ],
        "tasks": [
            {
                "task": t.description,
                "risk_point": t.risk_point.code if t.risk_point_id else None,
                "measures": t.measures,
                "people": sorted(p.employee_no for p in t.people.all()),
            }
            for t in tasks
        ],
        "handover": briefing.handover,
        "warnings": briefing.warnings,
        "carried_over": briefing.carried_over,
        "carry_on": briefing.carry_on,
        "notes": briefing.notes,
        "case": case,
        "question": {
            "text": briefing.question,
            "options": briefing.question_options,
            "answer": briefing.question_answer,
        }
        if briefing.question
        else None,
        "photo": briefing.photo.name or None,
        "attendance": [
            {
                "employee_no": a.person.employee_no,
                "name": a.person.name,
                "status": a.status,
                "method": a.method,
                "signed_at": _moment(a.signed_at),
                "proxy_by": a.proxy_by.get_username() if a.proxy_by_id else None,
                "heard_rules": a.heard_rules,
                "answered_right": a.answered_right,
                "checks": a.checks,
                "decision": a.decision,
                "refusal": a.refusal,
            }
            for a in attendances
        ],
    }

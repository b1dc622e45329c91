"""Safety responsibility agreements of the demo group (data/agreements.yaml), through the services the pages use:
last year's and this year's agreements issued in January level by level, sent and signed with their password by
both parties' first leaders (each unit's principal person, given a login here when it has none), a branch's
workshops left unsigned this year; last year's assessed at mid-year and at year end, and the group's confirmed."""

from __future__ import annotations

import datetime

from zeroharm.demo.clock import midnight
from zeroharm.demo.context import DEMO_PASSWORD, Demo
from zeroharm.demo.data import load

__all__ = ["build_agreements"]

LEVELS = ("group_branch", "branch_workshop", "workshop_team")
ISSUER_KIND = {"group_branch": "group", "branch_workshop": "branch", "workshop_team": "workshop"}


def build_agreements(demo: Demo):
    data = load("agreements")
    made = {"agreements": 0, "signed": 0, "assessed": 0, "logins": 0}
    _leader_logins(demo, made)
    this_year = demo.today.year
    for year in (this_year - 1, this_year):
        for level in LEVELS:
            moment = midnight(datetime.date(year, 1, data["issue_days"][level])) + datetime.timedelta(hours=10)
            demo.timeline.at(moment, lambda y=year, lv=level: _issue_and_sign(demo, data, y, lv, made))
    last = this_year - 1
    demo.timeline.at(
        midnight(datetime.date(last, 7, 3)) + datetime.timedelta(hours=9),
        lambda: _assess(demo, last, "half_year", made),
    )
    demo.timeline.at(
        midnight(datetime.date(this_year, 1, 6)) + datetime.timedelta(hours=9),
        lambda: _assess(demo, last, "year", made),
    )
    return lambda: (
        f"{made['agreements']} agreements, {made['signed']} signed, {made['assessed']} assessments, "
        f"{made['logins']} first leaders' logins"
    )


def _leader_logins(demo: Demo, made: dict) -> None:
    """Every principal person signs agreements: one without a login gets one, named as the other demo logins are
    (a branch's or a workshop's "leader-<code>"; a team's principal is its leader, whose login demo/teams.py would
    name by the team's code: the same name here, so the teams' step finds it)."""
    from zeroharm.demo.clock import at
    from zeroharm.demo.org import give_login
    from zeroharm.org.models import OrgUnit

    admin = demo.users["admin"]
    roles = {"branch": "unit_leader", "workshop": "supervisor", "team": "supervisor"}
    with at(demo.setup_moment + datetime.timedelta(hours=2)):
        for unit in OrgUnit.objects.filter(kind__in=roles).select_related("principal__user").order_by("path"):
            if unit.principal is not None and unit.principal.user_id is None:
                name = unit.code.lower() if unit.kind == "team" else f"leader-{unit.code.lower()}"
                give_login(admin, unit.principal, name, roles[unit.kind], unit)
                made["logins"] += 1


def _issue_and_sign(demo: Demo, data: dict, year: int, level: str, made: dict) -> None:
    from zeroharm.org.models import OrgUnit
    from zeroharm.responsibility.services.agreements import agreement_issue, template_create

    safety = demo.users["safety"]
    targets = [
        {"indicator": i, "comparison": c, "value": v, "weight": w, "veto": veto} for i, c, v, w, veto in data["targets"]
    ]
    issuers = OrgUnit.objects.filter(kind=ISSUER_KIND[level], is_archived=False).order_by("path")
    for issuer in issuers:
        template = template_create(
            data={
                "unit": issuer,
                "level": level,
                "title": data["titles"][level],
                "clauses": data["clauses"],
                "year": year,
            },
            targets=targets,
            acting_user=safety,
        )
        drafts = agreement_issue(template=template, year=year, due_on=datetime.date(year, 1, 31), acting_user=safety)
        made["agreements"] += len(drafts)
        held_back = year == demo.today.year and _under(issuer, data["unsigned_branches"])
        for index, draft in enumerate(drafts):
            _send_and_sign(
                demo, draft, made, sign_b=not held_back or index == 0, send=level != "workshop_team" or not held_back
            )


def _under(unit, branch_codes: list[str]) -> bool:
    return any(unit.code == code or unit.code.startswith(f"{code}-") for code in branch_codes)


def _send_and_sign(demo: Demo, agreement, made: dict, *, sign_b: bool, send: bool) -> None:
    from django.core.exceptions import ValidationError

    from zeroharm.responsibility.models import Agreement
    from zeroharm.responsibility.services.agreements import agreement_send, agreement_sign

    if not send:
        return
    try:
        agreement = agreement_send(agreement=agreement, acting_user=demo.users["safety"])
    except ValidationError:
        return  # the issuer's own agreement is not signed: it is not sent yet
    agreement = Agreement.objects.select_related("issuer__principal__user", "recipient__principal__user").get(
        pk=agreement.pk
    )
    parties = [agreement.issuer.principal_user] + ([agreement.recipient.principal_user] if sign_b else [])
    for user in parties:
        if user is not None:
            agreement = agreement_sign(agreement=agreement, acting_user=user, password=DEMO_PASSWORD)
    made["signed"] += agreement.status == "signed"


def _assess(demo: Demo, year: int, period: str, made: dict) -> None:
    from django.utils import timezone

    from zeroharm.responsibility.models import Assessment
    from zeroharm.responsibility.services.assessment import assess_all, assessment_confirm

    safety = demo.users["safety"]
    done = assess_all(year=year, period=period, acting_user=safety, today=timezone.localdate())
    made["assessed"] += len(done)
    if period == "year":
        for assessment in Assessment.objects.filter(
            period=period, agreement__year=year, agreement__level="group_branch"
        ):
            assessment_confirm(assessment=assessment, acting_user=safety, expected_version=None)

"""The role table: what each role may do, and where.

A role assignment is (user, role, unit) and covers that unit's subtree. Each model belongs to an
*area*; the table grants actions per area. An action marked OWN reaches only the user's own
records (the model says which field points at the user). This table is the only place that says
who may do what: views, API, exports and reports all ask `core.scoping`, which reads it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["Role", "Action", "Reach", "ROLE_TABLE", "AREAS", "allowed_reach", "Audience", "audience_of"]


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    SAFETY_MANAGER = "safety_manager", _("Safety manager")
    UNIT_LEADER = "unit_leader", _("Unit leader")
    SUPERVISOR = "supervisor", _("Supervisor")
    EMPLOYEE = "employee", _("Employee")
    AUDITOR = "auditor", _("Auditor")


class Action(models.TextChoices):
    VIEW = "view", _("view")
    ADD = "add", _("add")
    CHANGE = "change", _("change")
    ARCHIVE = "archive", _("archive")
    DELETE = "delete", _("delete permanently")
    APPROVE = "approve", _("approve and sign")
    IMPORT = "import", _("import")


class Reach(models.TextChoices):
    SUBTREE = "subtree", _("the unit's subtree")
    OWN = "own", _("own records only")


# Areas group models that share rules. Later modules add theirs to AREAS and ROLE_TABLE here,
# so the whole policy stays readable in one place.
AREAS = {
    "org": _("Organisation: units, positions"),
    "people": _("People"),
    "manhours": _("Man-hours and headcount"),
    "accounts": _("Logins and role assignments"),
    "notifications": _("Notification deliveries"),
    "risks": _("Risk register: risk points, assessments, controls"),
    "safety": _("Safety records of every module"),
    "cases": _("Accident case library (anonymised lessons)"),
    "training": _("Training: courses, sessions, exams, certificates, each person's archive"),
    "privacy": _("Names in OSHA privacy cases (the confidential list)"),
    "teams": _("Team safety: operating procedures, pre-shift briefings, team activities, observations, scorecards"),
    "responsibility": _("Safety responsibility: responsibility lists, role holders, acknowledgements, coverage"),
    "rewards": _("Rewards and penalties: proposals, approval, acknowledgement, registers and totals"),
    "campaigns": _("Campaigns: Safety Production Month, its tasks per unit, pledge, activities and closing report"),
    "reviews": _("Safety work summaries: half-year and annual reviews drafted from the records, issued"),
}

S, OWN = Reach.SUBTREE, Reach.OWN
_ALL = {a: S for a in Action.values}
_READ = {Action.VIEW: S}

ROLE_TABLE: dict[str, dict[str, dict[str, Reach]]] = {
    Role.ADMIN: {area: dict(_ALL) for area in AREAS},
    Role.SAFETY_MANAGER: {
        "org": {Action.VIEW: S, Action.ADD: S, Action.CHANGE: S, Action.ARCHIVE: S, Action.IMPORT: S},
        "people": {Action.VIEW: S, Action.ADD: S, Action.CHANGE: S, Action.ARCHIVE: S, Action.IMPORT: S},
        "manhours": {Action.VIEW: S, Action.ADD: S, Action.CHANGE: S, Action.ARCHIVE: S, Action.IMPORT: S},
        "accounts": dict(_READ),
        "risks": {
            Action.VIEW: S,
            Action.ADD: S,
            Action.CHANGE: S,
            Action.ARCHIVE: S,
            Action.APPROVE: S,
            Action.IMPORT: S,
        },
        "safety": {
            Action.VIEW: S,
            Action.ADD: S,
            Action.CHANGE: S,
            Action.ARCHIVE: S,
            Action.APPROVE: S,
            Action.IMPORT: S,
        },
        "cases": {Action.VIEW: S, Action.ADD: S, Action.CHANGE: S, Action.ARCHIVE: S},
        "privacy": dict(_READ),
        "training": {
            Action.VIEW: S,
            Action.ADD: S,
            Action.CHANGE: S,
            Action.ARCHIVE: S,
            Action.APPROVE: S,
            Action.IMPORT: S,
        },
        "teams": {
            Action.VIEW: S,
            Action.ADD: S,
            Action.CHANGE: S,
            Action.ARCHIVE: S,
            Action.APPROVE: S,
            Action.IMPORT: S,
        },
        "responsibility": dict(_ALL),
        "rewards": dict(_ALL),
        "campaigns": dict(_ALL),
        "reviews": dict(_ALL),
    },
    Role.UNIT_LEADER: {
        "org": dict(_READ),
        "people": dict(_READ),
        "manhours": dict(_READ),
        "risks": {Action.VIEW: S, Action.ADD: S, Action.CHANGE: S, Action.APPROVE: S},
        "safety": {Action.VIEW: S, Action.ADD: S, Action.CHANGE: S, Action.APPROVE: S},
        "cases": dict(_READ),
        # Unit leaders run their units' training and sign its archive.
        "training": {Action.VIEW: S, Action.ADD: S, Action.CHANGE: S, Action.APPROVE: S},
        # Workshop directors approve their procedures and watch their teams' briefings.
        "teams": {Action.VIEW: S, Action.ADD: S, Action.CHANGE: S, Action.APPROVE: S, Action.IMPORT: S},
        # A unit's leader approves the responsibility lists of its posts (Art. 22: the unit sets them up).
        "responsibility": {Action.VIEW: S, Action.ADD: S, Action.CHANGE: S, Action.APPROVE: S},
        # A unit's leader decides its rewards and penalties (approves what others propose, never their own).
        "rewards": {Action.VIEW: S, Action.ADD: S, Action.CHANGE: S, Action.APPROVE: S},
        # A unit's leader runs its campaign, issues tasks down its tree and accepts its units' evidence.
        "campaigns": {Action.VIEW: S, Action.ADD: S, Action.CHANGE: S, Action.APPROVE: S},
        # A unit's leader drafts and issues its summary review.
        "reviews": {Action.VIEW: S, Action.ADD: S, Action.CHANGE: S, Action.APPROVE: S},
    },
    Role.SUPERVISOR: {
        "org": dict(_READ),
        "people": dict(_READ),
        "manhours": {Action.VIEW: S, Action.ADD: S, Action.CHANGE: S},
        "risks": {Action.VIEW: S, Action.ADD: S, Action.CHANGE: S},
        "safety": {Action.VIEW: S, Action.ADD: S, Action.CHANGE: S},
        "cases": dict(_READ),
        # Supervisors (team leaders) hold sessions and tick attendance.
        "training": {Action.VIEW: S, Action.ADD: S, Action.CHANGE: S},
        # Team leaders hold their team's briefings and draft its procedures.
        "teams": {Action.VIEW: S, Action.ADD: S, Action.CHANGE: S},
        # They draft their posts' lists; approval is the unit leader's.
        "responsibility": {Action.VIEW: S, Action.ADD: S, Action.CHANGE: S},
        # Team leaders and workshop directors propose; approval is the unit leader's or the safety office's.
        "rewards": {Action.VIEW: S, Action.ADD: S},
        # Workshop directors and team leaders submit their unit's evidence and record its activities.
        "campaigns": {Action.VIEW: S, Action.ADD: S, Action.CHANGE: S},
        # Team leaders and workshop directors read their units' reviews.
        "reviews": dict(_READ),
    },
    Role.EMPLOYEE: {
        "org": dict(_READ),
        "people": {Action.VIEW: OWN},
        # Employees are told the risks of their workplace (risk notice cards), so they read the register.
        "risks": dict(_READ),
        "safety": {Action.VIEW: OWN, Action.ADD: S},
        # The case library is written for everyone's training and briefings.
        "cases": dict(_READ),
        # Their own archive, certificates, sessions and papers; attending and answering go through the services.
        "training": {Action.VIEW: OWN},
        # The briefings they are on; signing in goes through the services.
        "teams": {Action.VIEW: OWN},
        # The lists they hold; acknowledging goes through the services.
        "responsibility": {Action.VIEW: OWN},
        # Their own rewards and penalties; acknowledging goes through the services.
        "rewards": {Action.VIEW: OWN},
        # Everyone in a campaign's scope reads it and signs its pledge (signing goes through the services).
        "campaigns": dict(_READ),
    },
    Role.AUDITOR: {
        "org": dict(_READ),
        "people": dict(_READ),
        "manhours": dict(_READ),
        "accounts": dict(_READ),
        "notifications": dict(_READ),
        "risks": dict(_READ),
        "safety": dict(_READ),
        "cases": dict(_READ),
        "training": dict(_READ),
        "teams": dict(_READ),
        "responsibility": dict(_READ),
        "rewards": dict(_READ),
        "campaigns": dict(_READ),
        "reviews": dict(_READ),
    },
}


def allowed_reach(role: str, area: str, action: str) -> Reach | None:
    """How far `role` may do `action` in `area`: the subtree, own records, or not at all."""
    return ROLE_TABLE.get(role, {}).get(area, {}).get(action)


class Audience(models.TextChoices):
    """Who a menu is cut for: the front line reports and does its own work, unit heads watch their units, the
    safety office (and administrators and auditors) works across modules. Labels name the menu's first section."""

    FRONT_LINE = "front_line", _("My work")
    UNIT_HEADS = "unit_heads", _("My units")
    OFFICE = "office", _("Safety office")


ROLE_AUDIENCE = {
    Role.EMPLOYEE: Audience.FRONT_LINE,
    Role.SUPERVISOR: Audience.UNIT_HEADS,
    Role.UNIT_LEADER: Audience.UNIT_HEADS,
    Role.SAFETY_MANAGER: Audience.OFFICE,
    Role.ADMIN: Audience.OFFICE,
    Role.AUDITOR: Audience.OFFICE,
}
# The widest audience among a user's roles wins: a supervisor who is also an employee gets a supervisor's menu.
_AUDIENCE_RANK = [Audience.FRONT_LINE, Audience.UNIT_HEADS, Audience.OFFICE]


def audience_of(roles, *, superuser: bool = False) -> Audience:
    if superuser:
        return Audience.OFFICE
    ranks = [_AUDIENCE_RANK.index(ROLE_AUDIENCE[role]) for role in roles if role in ROLE_AUDIENCE]
    return _AUDIENCE_RANK[max(ranks)] if ranks else Audience.FRONT_LINE

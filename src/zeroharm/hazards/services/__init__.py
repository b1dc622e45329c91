"""The closed loop of a hidden danger: every step, who may take it, and what it records.

One service for pages, API, imports and the demo. Each step locks the row, checks the state it
starts from, the acting user's role and scope (core.roles / core.scoping), writes the step's fields,
bumps the version and leaves a history row named after the step (docs/standards/hidden-dangers.md#closed-loop):

    report → assess → assign (five requirements) → start → request acceptance → accept → [close]
                                                          ↖──────── reject ────────┘
    general, fixed on the spot: report(fixed_on_spot) → PENDING_ACCEPTANCE → accept → CLOSED

A general hidden danger is closed (销号) by its acceptance; a major one is accepted first and written
off by a separate close step once the authority has been told, so it stays under supervision until then."""

from zeroharm.hazards.services.common import (  # noqa: F401
    _OPEN,
    MAX_RECTIFICATION_DAYS,
    STEPS,
    Step,
    _attach_photos,
    _is_owner,
    _is_rectifier,
    _locked,
    _may,
    _required,
    _save,
    _tell_rectifier,
    _tell_unit,
    _tell_up,
    _today,
    allowed_steps,
    deadline_settings,
    step_check,
)
from zeroharm.hazards.services.deadlines import (  # noqa: F401
    extension_decide,
    extension_request,
    governance_plan_save,
    supervision_add,
)
from zeroharm.hazards.services.loop import (  # noqa: F401
    _close_fields,
    can_report,
    hazard_accept,
    hazard_assess,
    hazard_assign,
    hazard_close,
    hazard_explain_delay,
    hazard_reject,
    hazard_report,
    hazard_request_acceptance,
    hazard_start,
)

__all__ = [
    "MAX_RECTIFICATION_DAYS",
    "Step",
    "STEPS",
    "allowed_steps",
    "hazard_report",
    "hazard_assess",
    "hazard_assign",
    "hazard_start",
    "hazard_request_acceptance",
    "hazard_accept",
    "hazard_reject",
    "hazard_close",
    "hazard_explain_delay",
    "extension_request",
    "extension_decide",
    "governance_plan_save",
    "supervision_add",
    "step_check",
    "can_report",
]

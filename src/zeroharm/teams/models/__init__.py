from zeroharm.teams.models.activities import ActivityKind, ActivityStatus, TeamActivity
from zeroharm.teams.models.briefings import Briefing, BriefingAttendance, BriefingClause, BriefingTask
from zeroharm.teams.models.observations import Observation
from zeroharm.teams.models.procedures import Clause, Procedure, ProcedureVersion
from zeroharm.teams.models.scoring import ScoringRules, StarRating
from zeroharm.teams.models.teams import CheckItem, CheckKind, ShiftWarning, TeamProfile

__all__ = [
    "ActivityKind",
    "ActivityStatus",
    "ScoringRules",
    "StarRating",
    "TeamActivity",
    "Briefing",
    "BriefingAttendance",
    "BriefingClause",
    "BriefingTask",
    "CheckItem",
    "CheckKind",
    "Clause",
    "Observation",
    "Procedure",
    "ProcedureVersion",
    "ShiftWarning",
    "TeamProfile",
]

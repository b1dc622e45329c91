from zeroharm.responsibility.models.agreements import Agreement, AgreementTarget, AgreementTemplate, TemplateTarget
from zeroharm.responsibility.models.assessments import Assessment, TargetResult
from zeroharm.responsibility.models.holders import RoleHolder
from zeroharm.responsibility.models.lists import Acknowledgement, Duty, DutyList, DutyListVersion

__all__ = [
    "Assessment",
    "TargetResult",
    "Agreement",
    "AgreementTarget",
    "AgreementTemplate",
    "TemplateTarget",
    "Acknowledgement",
    "Duty",
    "DutyList",
    "DutyListVersion",
    "RoleHolder",
]

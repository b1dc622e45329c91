from zeroharm.responsibility.models.holders import RoleHolder
from zeroharm.responsibility.models.lists import Acknowledgement, Duty, DutyList, DutyListVersion

__all__ = ["Acknowledgement", "Duty", "DutyList", "DutyListVersion", "RoleHolder"]

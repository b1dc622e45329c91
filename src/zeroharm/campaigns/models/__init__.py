from zeroharm.campaigns.models.activities import Activity, ActivityPhoto, Commitment, Statement
from zeroharm.campaigns.models.campaigns import MAX_DAYS, Campaign, CampaignDocument, CommitteeMember, NationalTheme
from zeroharm.campaigns.models.meetings import AgendaItem, Meeting, MeetingAttendance, MeetingPhoto
from zeroharm.campaigns.models.pledge import PledgeSheet, PledgeSignature
from zeroharm.campaigns.models.report import ClosingReport, ReportSection
from zeroharm.campaigns.models.tasks import CampaignTask, TaskAssignment

__all__ = [
    "AgendaItem",
    "Meeting",
    "MeetingAttendance",
    "MeetingPhoto",
    "Activity",
    "ActivityPhoto",
    "Commitment",
    "Statement",
    "MAX_DAYS",
    "Campaign",
    "CampaignDocument",
    "CommitteeMember",
    "NationalTheme",
    "PledgeSheet",
    "PledgeSignature",
    "ClosingReport",
    "ReportSection",
    "CampaignTask",
    "TaskAssignment",
]

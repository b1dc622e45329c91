"""/campaigns/: campaigns, their committee, documents and steps; tasks issued to units and their steps; the pledge,
its coverage and the progress board; activities, statements and commitments; the closing report."""

from django.urls import path

from zeroharm.campaigns import (
    views_activities,
    views_board,
    views_campaigns,
    views_meetings,
    views_pledge,
    views_report,
    views_tasks,
)

app_name = "campaigns"

urlpatterns = [
    path("", views_campaigns.CampaignListView.as_view(), name="campaign_list"),
    path("add/", views_campaigns.CampaignEditView.as_view(), name="campaign_add"),
    path("<int:pk>/", views_campaigns.CampaignDetailView.as_view(), name="campaign_detail"),
    path("<int:pk>/edit/", views_campaigns.CampaignEditView.as_view(), name="campaign_edit"),
    path("<int:pk>/step/<slug:step>/", views_campaigns.CampaignStepView.as_view(), name="campaign_step"),
    path("<int:pk>/committee/add/", views_campaigns.CommitteeAddView.as_view(), name="committee_add"),
    path("<int:pk>/documents/add/", views_campaigns.DocumentAddView.as_view(), name="document_add"),
    path("documents/<int:pk>/", views_campaigns.DocumentView.as_view(), name="document"),
    path("<int:pk>/tasks/add/", views_tasks.TaskIssueView.as_view(), name="task_issue"),
    path("tasks/<int:pk>/", views_tasks.TaskDetailView.as_view(), name="campaigntask_detail"),
    path("unit-tasks/", views_tasks.AssignmentListView.as_view(), name="taskassignment_list"),
    path("unit-tasks/<int:pk>/", views_tasks.AssignmentDetailView.as_view(), name="taskassignment_detail"),
    path("unit-tasks/<int:pk>/step/<slug:step>/", views_tasks.AssignmentStepView.as_view(), name="taskassignment_step"),
    path("unit-tasks/<int:pk>/evidence/", views_tasks.EvidenceFileView.as_view(), name="evidence_file"),
    path("unit-tasks/<int:pk>/evidence/choices/", views_tasks.EvidenceChoicesView.as_view(), name="evidence_choices"),
    path("<int:pk>/pledge/", views_board.PledgeView.as_view(), name="pledge"),
    path("<int:pk>/pledge/sign/", views_board.PledgeSignView.as_view(step="sign"), name="pledge_sign"),
    path("<int:pk>/pledge/coverage/", views_board.CoverageView.as_view(), name="coverage"),
    path("<int:pk>/pledge/sheet/", views_pledge.PledgeSheetView.as_view(), name="pledge_sheet"),
    path("pledge-sheets/<int:pk>/photo/", views_pledge.PledgeSheetPhotoView.as_view(), name="pledge_sheet_photo"),
    path("<int:pk>/board/", views_board.BoardView.as_view(), name="board"),
    path("<int:pk>/meetings/add/", views_meetings.MeetingAddView.as_view(), name="meeting_add"),
    path("meetings/<int:pk>/", views_meetings.MeetingDetailView.as_view(), name="meeting_detail"),
    path("meetings/<int:pk>/step/<slug:step>/", views_meetings.MeetingStepView.as_view(), name="meeting_step"),
    path("meetings/<int:pk>/code/", views_meetings.MeetingCodeView.as_view(), name="meeting_code"),
    path("meetings/<int:pk>/sign-in/", views_meetings.MeetingSignInView.as_view(), name="meeting_sign_in"),
    path("meetings/photos/<int:pk>/", views_meetings.MeetingPhotoView.as_view(), name="meeting_photo"),
    path("<int:pk>/report/", views_report.ClosingPreviewView.as_view(), name="report"),
    path("<int:pk>/report/draft/", views_report.ClosingDraftView.as_view(), name="closingreport_add"),
    path("reports/<int:pk>/", views_report.ClosingReportView.as_view(), name="closingreport_detail"),
    path("reports/<int:pk>/step/<slug:step>/", views_report.ClosingStepView.as_view(), name="closingreport_step"),
    path("reports/<int:pk>/<str:fmt>/", views_report.ClosingFileView.as_view(), name="closingreport_file"),
    path("activities/", views_activities.ActivityListView.as_view(), name="activity_list"),
    path("<int:pk>/activities/add/", views_activities.ActivityAddView.as_view(), name="activity_add"),
    path("activities/<int:pk>/", views_activities.ActivityDetailView.as_view(), name="activity_detail"),
    path("activities/photos/<int:pk>/", views_activities.ActivityPhotoView.as_view(), name="activity_photo"),
    path("<int:pk>/statements/add/", views_activities.StatementAddView.as_view(), name="statement_add"),
    path("statements/<int:pk>/", views_activities.StatementDetailView.as_view(), name="statement_detail"),
    path("statements/<int:pk>/commitments/add/", views_activities.CommitmentAddView.as_view(), name="commitment_add"),
    path(
        "commitments/<int:pk>/step/<slug:step>/", views_activities.CommitmentStepView.as_view(), name="commitment_step"
    ),
]

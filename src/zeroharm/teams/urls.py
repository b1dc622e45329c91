"""/teams/: operating procedures, pre-shift briefings, observations, safety activities, team settings, checklist and
warnings."""

from django.urls import path

from zeroharm.core import views as generic
from zeroharm.teams import (
    views_activities,
    views_briefings,
    views_log,
    views_observations,
    views_procedures,
    views_scores,
    views_signin,
    views_teams,
)
from zeroharm.teams.models import CheckItem, Procedure, ShiftWarning, TeamActivity

app_name = "teams"

urlpatterns = [
    path("procedures/", views_procedures.ProcedureListView.as_view(), name="procedure_list"),
    path("procedures/add/", views_procedures.ProcedureEditView.as_view(), name="procedure_add"),
    path("procedures/<int:pk>/", views_procedures.ProcedureDetailView.as_view(), name="procedure_detail"),
    path("procedures/<int:pk>/edit/", views_procedures.ProcedureEditView.as_view(), name="procedure_edit"),
    path("procedures/<int:pk>/archive/", generic.ObjectArchiveView.as_view(model=Procedure), name="procedure_archive"),
    path("procedures/<int:pk>/draft/", views_procedures.DraftView.as_view(), name="procedure_draft"),
    path("procedures/<int:pk>/import/", views_procedures.ClauseImportView.as_view(), name="procedure_import"),
    path("procedures/<int:pk>/step/<slug:step>/", views_procedures.ProcedureStepView.as_view(), name="procedure_step"),
    path("briefings/", views_briefings.BriefingListView.as_view(), name="briefing_list"),
    path("briefings/import/<slug:key>/", views_briefings.PaperLogImportView.as_view(), name="briefing_import"),
    path("briefings/<int:pk>/", views_briefings.BriefingDetailView.as_view(), name="briefing_detail"),
    path("briefings/<int:pk>/code/", views_briefings.BriefingCodeView.as_view(), name="briefing_code"),
    path("briefings/<int:pk>/tasks/", views_briefings.BriefingTasksView.as_view(), name="briefing_tasks"),
    path("briefings/<int:pk>/step/<slug:step>/", views_briefings.BriefingStepView.as_view(), name="briefing_step"),
    path("briefings/<int:pk>/sign-in/", views_signin.BriefingSignInView.as_view(), name="briefing_sign_in"),
    path("my/", views_signin.MyBriefingView.as_view(), name="my_briefing"),
    path("", views_teams.TeamListView.as_view(), name="team_list"),
    path("team/<int:pk>/", views_teams.TeamDetailView.as_view(), name="team_detail"),
    path("team/<int:pk>/today/", views_briefings.TeamTodayView.as_view(), name="team_today"),
    path("team/<int:pk>/log/", views_log.BriefingLogView.as_view(), name="briefing_log"),
    path("team/<int:team>/settings/", views_teams.TeamSettingsView.as_view(), name="team_settings"),
    path("observations/", views_observations.ObservationListView.as_view(), name="observation_list"),
    path("observations/<int:pk>/", views_observations.ObservationDetailView.as_view(), name="observation_detail"),
    path(
        "observations/<int:pk>/step/<slug:step>/",
        views_observations.ObservationStepView.as_view(),
        name="observation_step",
    ),
    path("team/<int:pk>/observe/", views_observations.ObserveView.as_view(), name="team_observe"),
    path("scorecards/", views_scores.ScorecardListView.as_view(), name="scorecard_list"),
    path("team/<int:pk>/scorecard/", views_scores.TeamScorecardView.as_view(), name="team_scorecard"),
    path("stars/", views_scores.StarListView.as_view(), name="star_list"),
    path("stars/board/", views_scores.StarBoardView.as_view(), name="star_board"),
    path("stars/<int:pk>/", views_scores.StarRatingDetailView.as_view(), name="starrating_detail"),
    path("scoring/", views_scores.ScoringRulesListView.as_view(), name="scoringrules_list"),
    path("scoring/add/", views_scores.ScoringRulesEditView.as_view(), name="scoringrules_add"),
    path("scoring/<int:pk>/", views_scores.ScoringRulesDetailView.as_view(), name="scoringrules_detail"),
    path("scoring/<int:pk>/edit/", views_scores.ScoringRulesEditView.as_view(), name="scoringrules_edit"),
    path("activities/", views_activities.ActivityListView.as_view(), name="teamactivity_list"),
    path("activities/add/", views_activities.ActivityEditView.as_view(), name="teamactivity_add"),
    path("activities/<int:pk>/", views_activities.ActivityDetailView.as_view(), name="teamactivity_detail"),
    path("activities/<int:pk>/edit/", views_activities.ActivityEditView.as_view(), name="teamactivity_edit"),
    path(
        "activities/<int:pk>/archive/",
        generic.ObjectArchiveView.as_view(model=TeamActivity),
        name="teamactivity_archive",
    ),
    path(
        "activities/<int:pk>/step/<slug:step>/",
        views_activities.ActivityStepView.as_view(),
        name="teamactivity_step",
    ),
    path("warnings/", views_teams.WarningListView.as_view(), name="shiftwarning_list"),
    path("warnings/add/", views_teams.WarningEditView.as_view(), name="shiftwarning_add"),
    path("warnings/<int:pk>/", views_teams.WarningDetailView.as_view(), name="shiftwarning_detail"),
    path("warnings/<int:pk>/edit/", views_teams.WarningEditView.as_view(), name="shiftwarning_edit"),
    path(
        "warnings/<int:pk>/archive/", generic.ObjectArchiveView.as_view(model=ShiftWarning), name="shiftwarning_archive"
    ),
    path("checklist/", views_teams.CheckItemListView.as_view(), name="checkitem_list"),
    path("checklist/add/", views_teams.CheckItemEditView.as_view(), name="checkitem_add"),
    path("checklist/<int:pk>/", views_teams.CheckItemDetailView.as_view(), name="checkitem_detail"),
    path("checklist/<int:pk>/edit/", views_teams.CheckItemEditView.as_view(), name="checkitem_edit"),
    path("checklist/<int:pk>/archive/", generic.ObjectArchiveView.as_view(model=CheckItem), name="checkitem_archive"),
]

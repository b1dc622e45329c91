"""/responsibility/: responsibility lists, their drafts and approval, role holders, "My responsibilities" and the
coverage of the lists and of their acknowledgement; agreement templates, the year's agreements and their cascade."""

from django.urls import path

from zeroharm.core import views as generic
from zeroharm.responsibility import (
    views_agreement_drafts,
    views_agreements,
    views_assessments,
    views_ceremony,
    views_coverage,
    views_holders,
    views_leaders,
    views_lists,
    views_mine,
    views_templates,
)
from zeroharm.responsibility.models import AgreementTemplate, DutyList, RoleHolder

app_name = "responsibility"

urlpatterns = [
    path("", views_lists.DutyListListView.as_view(), name="dutylist_list"),
    path("add/", views_lists.DutyListEditView.as_view(), name="dutylist_add"),
    path("defaults/", views_lists.DefaultsView.as_view(), name="dutylist_defaults"),
    path("<int:pk>/", views_lists.DutyListDetailView.as_view(), name="dutylist_detail"),
    path("<int:pk>/edit/", views_lists.DutyListEditView.as_view(), name="dutylist_edit"),
    path("<int:pk>/archive/", generic.ObjectArchiveView.as_view(model=DutyList), name="dutylist_archive"),
    path("<int:pk>/draft/", views_lists.DraftView.as_view(), name="dutylist_draft"),
    path("<int:pk>/step/<slug:step>/", views_lists.DutyListStepView.as_view(), name="dutylist_step"),
    path("mine/", views_mine.MyResponsibilitiesView.as_view(), name="mine"),
    path("mine/<int:pk>/acknowledge/", views_mine.AcknowledgeView.as_view(), name="acknowledge"),
    path("coverage/", views_coverage.CoverageView.as_view(), name="coverage"),
    path("holders/", views_holders.RoleHolderListView.as_view(), name="roleholder_list"),
    path("holders/add/", views_holders.RoleHolderEditView.as_view(), name="roleholder_add"),
    path("holders/<int:pk>/", views_holders.RoleHolderDetailView.as_view(), name="roleholder_detail"),
    path("holders/<int:pk>/edit/", views_holders.RoleHolderEditView.as_view(), name="roleholder_edit"),
    path("holders/<int:pk>/archive/", generic.ObjectArchiveView.as_view(model=RoleHolder), name="roleholder_archive"),
    path("templates/", views_templates.TemplateListView.as_view(), name="agreementtemplate_list"),
    path("templates/add/", views_templates.TemplateEditView.as_view(), name="agreementtemplate_add"),
    path("templates/<int:pk>/", views_templates.TemplateDetailView.as_view(), name="agreementtemplate_detail"),
    path("templates/<int:pk>/edit/", views_templates.TemplateEditView.as_view(), name="agreementtemplate_edit"),
    path(
        "templates/<int:pk>/archive/",
        generic.ObjectArchiveView.as_view(model=AgreementTemplate),
        name="agreementtemplate_archive",
    ),
    path("agreements/", views_agreements.AgreementListView.as_view(), name="agreement_list"),
    path("agreements/issue/", views_agreements.IssueView.as_view(), name="agreement_issue"),
    path("agreements/cascade/", views_agreements.CascadeBoardView.as_view(), name="cascade"),
    path("agreements/<int:pk>/", views_agreements.AgreementDetailView.as_view(), name="agreement_detail"),
    path("agreements/<int:pk>/draft/", views_agreement_drafts.AgreementDraftView.as_view(), name="agreement_draft"),
    path("agreements/<int:pk>/revise/", views_agreement_drafts.AgreementReviseView.as_view(), name="agreement_revise"),
    path("agreements/<int:pk>/send/", views_agreements.AgreementSendView.as_view(), name="agreement_send"),
    path("agreements/<int:pk>/sign/", views_agreements.AgreementSignView.as_view(), name="agreement_sign"),
    path("assessments/", views_assessments.AssessmentBoardView.as_view(), name="assessment_board"),
    path("assessments/assess/", views_assessments.AssessAllView.as_view(), name="assessment_all"),
    path("assessments/<int:pk>/", views_assessments.AssessmentDetailView.as_view(), name="assessment_detail"),
    path(
        "assessments/<int:pk>/step/<slug:step>/",
        views_assessments.AssessmentStepView.as_view(),
        name="assessment_step",
    ),
    path("leaders/", views_leaders.LeaderView.as_view(), name="leader"),
    path("agreements/ceremony/", views_ceremony.CeremonyView.as_view(), name="ceremony"),
]

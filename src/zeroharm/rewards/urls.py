"""/rewards/: the register of rewards and penalties, proposing, a record and its steps, "My rewards and penalties",
the totals per unit, a person's safety record and the rule settings."""

from django.urls import path

from zeroharm.rewards import views_people, views_register, views_rules, views_totals

app_name = "rewards"

urlpatterns = [
    path("", views_register.RegisterView.as_view(), name="rewardpenalty_list"),
    path("add/", views_register.ProposeView.as_view(), name="rewardpenalty_add"),
    path("add/evidence/<str:key>/", views_register.EvidenceChoicesView.as_view(), name="evidence_choices"),
    path("<int:pk>/", views_register.RecordDetailView.as_view(), name="rewardpenalty_detail"),
    path("<int:pk>/step/<slug:step>/", views_register.RecordStepView.as_view(), name="rewardpenalty_step"),
    path("mine/", views_people.MineView.as_view(), name="mine"),
    path("people/<int:pk>/", views_people.SafetyRecordView.as_view(), name="safety_record"),
    path("totals/", views_totals.TotalsView.as_view(), name="totals"),
    path("rules/", views_rules.RuleSettingsListView.as_view(), name="rulesettings_list"),
    path("rules/add/", views_rules.RuleSettingsEditView.as_view(), name="rulesettings_add"),
    path("rules/<int:pk>/edit/", views_rules.RuleSettingsEditView.as_view(), name="rulesettings_edit"),
]

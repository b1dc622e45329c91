from django.urls import path

from zeroharm.actions import views

app_name = "actions"

urlpatterns = [
    path("", views.ActionListView.as_view(), name="action_list"),
    path("add/", views.ActionCreateView.as_view(), name="action_add"),
    path("<int:pk>/", views.ActionDetailView.as_view(), name="action_detail"),
    path("<int:pk>/edit/", views.ActionEditView.as_view(), name="action_edit"),
    path("<int:pk>/complete/", views.ActionStepView.as_view(step="complete"), name="action_complete"),
    path("<int:pk>/verify/", views.ActionStepView.as_view(step="verify"), name="action_verify"),
    path("<int:pk>/cancel/", views.ActionStepView.as_view(step="cancel"), name="action_cancel"),
]

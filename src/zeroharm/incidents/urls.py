from django.urls import path

from zeroharm.incidents import urls_forms, urls_import, views

app_name = "incidents"

urlpatterns = [
    path("", views.IncidentListView.as_view(), name="incident_list"),
    path("report/", views.ReportView.as_view(), name="report"),
    path("<int:pk>/", views.IncidentDetailView.as_view(), name="incident_detail"),
    path("<int:pk>/edit/", views.IncidentEditView.as_view(), name="incident_edit"),
    path("<int:pk>/people/add/", views.PersonEditView.as_view(), name="person_add"),
    path("<int:pk>/people/<int:person_pk>/", views.PersonEditView.as_view(), name="person_edit"),
    path("<int:pk>/step/<slug:step>/", views.StepView.as_view(), name="step"),
    path("<int:pk>/remove/<slug:what>/<int:item>/", views.RemoveView.as_view(), name="remove"),
    path("<int:pk>/lesson/", views.AcknowledgeView.as_view(), name="lesson"),
    path("<int:pk>/publish/", views.CasePublishView.as_view(), name="case_publish"),
    path("cases/", views.CaseListView.as_view(), name="casestudy_list"),
    path("cases/<int:pk>/", views.CaseDetailView.as_view(), name="case_detail"),
    path("files/<int:pk>/", views.FileView.as_view(), name="file"),
    *urls_forms.urlpatterns,
    *urls_import.urlpatterns,
]

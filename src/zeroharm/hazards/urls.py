from django.urls import path

from zeroharm.hazards import urls_statistics, views

app_name = "hazards"

urlpatterns = [
    path("", views.HiddenDangerListView.as_view(), name="hazard_list"),
    path("report/", views.ReportView.as_view(), name="report"),
    path("<int:pk>/", views.HiddenDangerDetailView.as_view(), name="hazard_detail"),
    path("<int:pk>/step/<slug:step>/", views.StepView.as_view(), name="step"),
    path("<int:pk>/plan/", views.GovernancePlanView.as_view(), name="plan"),
    path("<int:pk>/plan.pdf", views.GovernancePlanPdfView.as_view(), name="plan_pdf"),
    path("extensions/<int:pk>/decide/", views.ExtensionDecideView.as_view(), name="extension_decide"),
    path("photos/<int:pk>/", views.PhotoView.as_view(), name="photo"),
    *urls_statistics.urlpatterns,
]

from django.urls import path

from zeroharm.analytics import views

app_name = "analytics"

urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
    path("chart/<slug:dimension>.svg", views.BreakdownChartView.as_view(), name="breakdown_chart"),
    path("repeated/", views.RepeatedView.as_view(), name="repeated"),
    path("control-charts/", views.ControlView.as_view(), name="control"),
    path("control-charts/chart.svg", views.ControlChartView.as_view(), name="control_chart"),
    path("pyramid/", views.PyramidView.as_view(), name="pyramid"),
    path("report.pdf", views.ReportView.as_view(), name="report"),
]

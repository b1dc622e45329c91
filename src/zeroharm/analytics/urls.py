from django.urls import path

from zeroharm.analytics import views, views_charts

app_name = "analytics"

urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
    path("repeated/", views.RepeatedView.as_view(), name="repeated"),
    path("control-charts/", views.ControlView.as_view(), name="control"),
    path("pyramid/", views.PyramidView.as_view(), name="pyramid"),
    path("charts/control/", views_charts.ControlChartView.as_view(), name="control_chart"),
    path("charts/<str:key>/", views_charts.BreakdownChartView.as_view(), name="breakdown_chart"),
    path("report.pdf", views.ReportView.as_view(), name="report"),
]

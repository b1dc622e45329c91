"""Statistics pages of hidden dangers (kept apart from the workflow pages)."""

from django.urls import path

from zeroharm.hazards import views_statistics as views

urlpatterns = [
    path("statistics/", views.StatisticsView.as_view(), name="statistics"),
    path("statistics/trend/", views.StatisticsTrendView.as_view(), name="statistics_trend"),
    path("statistics/quarterly.xlsx", views.QuarterlyXlsxView.as_view(), name="quarterly_xlsx"),
]

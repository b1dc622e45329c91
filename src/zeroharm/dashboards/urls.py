from django.urls import path

from zeroharm.dashboards import views_indicators, views_resets, views_screen

app_name = "dashboards"

urlpatterns = [
    path("indicators/", views_indicators.IndicatorsView.as_view(), name="indicators"),
    path("indicators/<str:key>/", views_indicators.IndicatorChartView.as_view(), name="indicator_chart"),
    path("safe-days/resets/", views_resets.ResetLogView.as_view(), name="resets"),
    path("screen/", views_screen.ScreenView.as_view(), name="screen"),
    path("screen/refresh/", views_screen.ScreenRefreshView.as_view(), name="screen_refresh"),
]

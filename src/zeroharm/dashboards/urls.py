from django.urls import path

from zeroharm.dashboards import views_resets

app_name = "dashboards"

urlpatterns = [
    path("safe-days/resets/", views_resets.ResetLogView.as_view(), name="resets"),
]

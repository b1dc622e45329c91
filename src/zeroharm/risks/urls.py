from django.urls import path

from zeroharm.risks import views, views_site_plans

app_name = "risks"

urlpatterns = [
    path("", views.RiskPointListView.as_view(), name="riskpoint_list"),
    path("add/", views.RiskPointEditView.as_view(), name="riskpoint_add"),
    path("settings/", views.SettingsView.as_view(), name="settings"),
    path("map/", views.RiskMapView.as_view(), name="map"),
    path("import/<slug:key>/", views.RiskImportView.as_view(), name="import"),
    path("plans/", views_site_plans.SitePlanListView.as_view(), name="siteplan_list"),
    path("plans/add/", views_site_plans.SitePlanEditView.as_view(), name="siteplan_add"),
    path("plans/<int:pk>/", views_site_plans.SitePlanDetailView.as_view(), name="siteplan_detail"),
    path("plans/<int:pk>/edit/", views_site_plans.SitePlanEditView.as_view(), name="siteplan_edit"),
    path("plans/<int:pk>/archive/", views_site_plans.SitePlanArchiveView.as_view(), name="siteplan_archive"),
    path("plans/<int:pk>/delete/", views_site_plans.SitePlanDeleteView.as_view(), name="siteplan_delete"),
    path("plans/<int:pk>/image/", views_site_plans.SitePlanImageView.as_view(), name="siteplan_image"),
    path("plans/<int:pk>/place/", views_site_plans.PlacePointView.as_view(), name="siteplan_place"),
    path("<int:pk>/", views.RiskPointDetailView.as_view(), name="riskpoint_detail"),
    path("<int:pk>/card.pdf", views.NoticeCardView.as_view(), name="notice_card"),
    path("<int:pk>/edit/", views.RiskPointEditView.as_view(), name="riskpoint_edit"),
    path("<int:pk>/archive/", views.RiskPointArchiveView.as_view(), name="riskpoint_archive"),
    path("<int:pk>/delete/", views.RiskPointDeleteView.as_view(), name="riskpoint_delete"),
    path("<int:pk>/assess/", views.AssessView.as_view(), name="assess"),
    path("<int:pk>/hazards/add/", views.HazardSourceCreateView.as_view(), name="hazardsource_add"),
    path("<int:pk>/controls/add/", views.ControlCreateView.as_view(), name="control_add"),
    path("hazards/<int:pk>/edit/", views.HazardSourceEditView.as_view(), name="hazardsource_edit"),
    path("hazards/<int:pk>/archive/", views.HazardSourceArchiveView.as_view(), name="hazardsource_archive"),
    path("controls/<int:pk>/edit/", views.ControlEditView.as_view(), name="control_edit"),
    path("controls/<int:pk>/archive/", views.ControlArchiveView.as_view(), name="control_archive"),
]

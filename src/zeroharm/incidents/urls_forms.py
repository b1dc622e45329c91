"""OSHA forms and injury rates (kept apart from the workflow pages)."""

from django.urls import path

from zeroharm.incidents import views_forms as views

urlpatterns = [
    path("rates/", views.RatesView.as_view(), name="rates"),
    path("osha/", views.OshaView.as_view(), name="osha"),
    path("osha/300/", views.Osha300View.as_view(), name="osha_300"),
    path("osha/300a/", views.Osha300AView.as_view(), name="osha_300a"),
    path("osha/301/", views.Osha301View.as_view(), name="osha_301"),
    path("osha/ita-300a.csv", views.ItaView.as_view(), name="osha_ita"),
    path("osha/privacy-cases/", views.PrivacyListView.as_view(), name="privacy_list"),
]

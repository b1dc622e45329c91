"""Pages of the training people area (included by training/urls.py under the "training" namespace)."""

from django.urls import path

from zeroharm.training import views_people

urlpatterns: list = [
    path("roster/", views_people.RosterHomeView.as_view(), name="roster_home"),
    path("roster/<int:unit>/", views_people.RosterView.as_view(), name="roster"),
]

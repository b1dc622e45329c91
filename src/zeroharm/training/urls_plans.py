"""Pages of the training plans area (included by training/urls.py under the "training" namespace)."""

from django.urls import path

from zeroharm.training import views_figures, views_matrix, views_plans

urlpatterns: list = [
    path("matrix/", views_matrix.MatrixView.as_view(), name="matrix"),
    path("figures/", views_figures.FiguresView.as_view(), name="figures"),
    path("plans/", views_plans.PlanListView.as_view(), name="plan_list"),
    path("plans/add/", views_plans.PlanEditView.as_view(), name="plan_add"),
    path("plans/<int:pk>/", views_plans.PlanDetailView.as_view(), name="plan_detail"),
    path("plans/<int:pk>/edit/", views_plans.PlanEditView.as_view(), name="plan_edit"),
    path("plans/<int:pk>/archive/", views_plans.PlanArchiveView.as_view(), name="plan_archive"),
    path("plans/<int:pk>/lines/add/", views_plans.LineAddView.as_view(), name="planline_add"),
    path("plan-lines/<int:pk>/edit/", views_plans.LineEditView.as_view(), name="planline_edit"),
    path("plan-lines/<int:pk>/archive/", views_plans.LineArchiveView.as_view(), name="planline_archive"),
]

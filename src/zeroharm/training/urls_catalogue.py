"""Pages of the training catalogue area (included by training/urls.py under the "training" namespace)."""

from django.urls import path

from zeroharm.training import views_catalogue as views

urlpatterns: list = [
    path("courses/", views.CourseListView.as_view(), name="course_list"),
    path("courses/add/", views.CourseEditView.as_view(), name="course_add"),
    path("courses/<int:pk>/", views.CourseDetailView.as_view(), name="course_detail"),
    path("courses/<int:pk>/edit/", views.CourseEditView.as_view(), name="course_edit"),
    path("courses/<int:pk>/archive/", views.CourseArchiveView.as_view(), name="course_archive"),
    path("courses/<int:pk>/materials/add/", views.MaterialAddView.as_view(), name="coursematerial_add"),
    path("materials/<int:pk>/", views.MaterialView.as_view(), name="coursematerial_detail"),
    path("materials/<int:pk>/edit/", views.MaterialEditView.as_view(), name="coursematerial_edit"),
    path("materials/<int:pk>/archive/", views.MaterialArchiveView.as_view(), name="coursematerial_archive"),
    path("requirements/", views.RequirementListView.as_view(), name="requirement_list"),
    path("requirements/add/", views.RequirementEditView.as_view(), name="requirement_add"),
    path("requirements/<int:pk>/", views.RequirementDetailView.as_view(), name="requirement_detail"),
    path("requirements/<int:pk>/edit/", views.RequirementEditView.as_view(), name="requirement_edit"),
    path("requirements/<int:pk>/archive/", views.RequirementArchiveView.as_view(), name="requirement_archive"),
]

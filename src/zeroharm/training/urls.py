"""/training/: each area's pages in its own module, all under the "training" namespace."""

from django.urls import include, path

app_name = "training"

urlpatterns = [
    path("", include("zeroharm.training.urls_catalogue")),  # courses, materials, the matrix's requirements
    path("", include("zeroharm.training.urls_sessions")),  # sessions, attendance, self-study
    path("", include("zeroharm.training.urls_exams")),  # question banks, exams, papers
    path("", include("zeroharm.training.urls_people")),  # inductions, certificates, cleared to work, archives
    path("", include("zeroharm.training.urls_plans")),  # annual plans, the matrix view, figures
]

"""Pages of the training sessions area (included by training/urls.py under the "training" namespace)."""

from django.urls import path

from zeroharm.training import views_lessons, views_selfstudy, views_sessions, views_sessions_attend

urlpatterns: list = [
    path("sessions/", views_sessions.SessionListView.as_view(), name="session_list"),
    path("sessions/add/", views_sessions.SessionEditView.as_view(), name="session_add"),
    path("sessions/<int:pk>/", views_sessions.SessionDetailView.as_view(), name="session_detail"),
    path("sessions/<int:pk>/edit/", views_sessions.SessionEditView.as_view(), name="session_edit"),
    path("sessions/<int:pk>/code/", views_sessions.SessionCodeView.as_view(), name="session_code"),
    path("sessions/<int:pk>/step/<slug:step>/", views_sessions.SessionStepView.as_view(), name="session_step"),
    path("sessions/<int:pk>/attend/", views_sessions_attend.AttendView.as_view(), name="session_attend"),
    path("sessions/<int:pk>/leave/", views_sessions_attend.LeaveView.as_view(), name="session_leave"),
    path("my/", views_sessions_attend.MyTrainingView.as_view(), name="my_training"),
    path("materials/<int:pk>/study/", views_selfstudy.MaterialStudyView.as_view(), name="material_study"),
    path("materials/<int:pk>/beat/", views_selfstudy.MaterialBeatView.as_view(), name="material_beat"),
    path("materials/<int:pk>/file/", views_selfstudy.MaterialFileView.as_view(), name="material_file"),
    path("lessons/<slug:kind>/<int:pk>/", views_lessons.LessonSessionView.as_view(), name="lesson_session"),
]

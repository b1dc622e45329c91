"""Pages of the training exams area (included by training/urls.py under the "training" namespace)."""

from django.urls import path

from zeroharm.training import views_exams_take as take

urlpatterns: list = [
    # the candidate
    path("my/exams/", take.MyExamsView.as_view(), name="my_exams"),
    path("exams/<int:pk>/start/", take.StartView.as_view(), name="exam_start"),
    path("papers/<int:pk>/", take.TakeView.as_view(), name="paper_take"),
    path("papers/<int:pk>/answer/", take.AnswerView.as_view(), name="paper_answer"),
    path("papers/<int:pk>/left/", take.LeftView.as_view(), name="paper_left"),
    path("papers/<int:pk>/hand-in/", take.HandInView.as_view(), name="paper_hand_in"),
]

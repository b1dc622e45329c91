"""Pages of the training exams area (included by training/urls.py under the "training" namespace)."""

from django.urls import path

from zeroharm.training import views_exams as office
from zeroharm.training import views_exams_take as take

urlpatterns: list = [
    # question banks and questions
    path("banks/", office.BankListView.as_view(), name="bank_list"),
    path("banks/add/", office.BankEditView.as_view(), name="questionbank_add"),
    path("banks/<int:pk>/", office.BankDetailView.as_view(), name="bank_detail"),
    path("banks/<int:pk>/edit/", office.BankEditView.as_view(), name="questionbank_edit"),
    path("banks/<int:pk>/archive/", office.BankArchiveView.as_view(), name="questionbank_archive"),
    path("banks/<int:pk>/import/", office.BankImportView.as_view(), name="bank_import"),
    path("banks/<int:pk>/export.<slug:fmt>", office.BankExportView.as_view(), name="bank_export"),
    path("questions/add/", office.QuestionEditView.as_view(), name="question_add"),
    path("questions/<int:pk>/edit/", office.QuestionEditView.as_view(), name="question_edit"),
    path("questions/<int:pk>/archive/", office.QuestionArchiveView.as_view(), name="question_archive"),
    # exams, results, item analysis, marking
    path("exams/", office.ExamListView.as_view(), name="exam_list"),
    path("exams/add/", office.ExamEditView.as_view(), name="exam_add"),
    path("exams/<int:pk>/", office.ExamDetailView.as_view(), name="exam_detail"),
    path("exams/<int:pk>/edit/", office.ExamEditView.as_view(), name="exam_edit"),
    path("exams/<int:pk>/archive/", office.ExamArchiveView.as_view(), name="exam_archive"),
    path("exams/<int:pk>/results.xlsx", office.ExamResultsXlsxView.as_view(), name="exam_results_xlsx"),
    path("exams/<int:pk>/mark/<int:item_pk>/", office.MarkView.as_view(), name="exam_mark"),
    # the candidate
    path("my/exams/", take.MyExamsView.as_view(), name="my_exams"),
    path("exams/<int:pk>/start/", take.StartView.as_view(), name="exam_start"),
    path("papers/<int:pk>/", take.TakeView.as_view(), name="paper_take"),
    path("papers/<int:pk>/answer/", take.AnswerView.as_view(), name="paper_answer"),
    path("papers/<int:pk>/left/", take.LeftView.as_view(), name="paper_left"),
    path("papers/<int:pk>/hand-in/", take.HandInView.as_view(), name="paper_hand_in"),
]

"""The office's pages of the exams area: question banks and their questions (import, export), exams, results,
item analysis and the marking of short answers. Scoped like every page (core.views)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from zeroharm.core import views as generic
from zeroharm.core.exports import download, sheet_download
from zeroharm.core.roles import Action
from zeroharm.core.scoping import can
from zeroharm.core.views_import import ImportView
from zeroharm.training import filtersets_exams, forms_exams, tables_exams
from zeroharm.training.exam_formats.files import EXPORTS
from zeroharm.training.exam_formats.table import data_of
from zeroharm.training.importers_exams import QuestionImporter
from zeroharm.training.models import Exam, PaperItem, Question, QuestionBank
from zeroharm.training.selectors.exams import item_analysis, result_rows
from zeroharm.training.services.exam_marking import mark_short_answer
from zeroharm.training.services.exam_papers import PaperRefused

#
# Banks and questions
#


class BankListView(generic.ObjectListView):
    model = QuestionBank
    filterset_class = filtersets_exams.BankFilterSet
    table_class = tables_exams.BankTable
    select_related = ("owner_unit",)
    add_url_name = "training:questionbank_add"
    empty_hint = gettext_lazy("Make a bank, then add its questions or import them from xlsx, Moodle XML or GIFT.")


class BankDetailView(generic.ObjectDetailView):
    model = QuestionBank
    template_name = "training/exams/bank_detail.html"
    select_related = ("owner_unit",)
    detail_fields = ("name", "owner_unit", "description", "is_archived")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["questions"] = self.object.questions.filter(is_archived=False).order_by("kind", "id")
        ctx["can_change"] = ctx["edit_url"] is not None
        ctx["formats"] = list(EXPORTS)
        return ctx


class BankEditView(generic.ObjectEditView):
    model = QuestionBank
    form_class = forms_exams.BankForm


class BankArchiveView(generic.ObjectArchiveView):
    model = QuestionBank


class BankExportView(generic.ScopedMixin, View):
    """The bank's questions as xlsx (core.exports), Moodle XML or GIFT: what the import reads back."""

    model = QuestionBank

    def get(self, request, pk, fmt):
        self.kwargs = {"pk": pk}
        bank = self.get_object()
        if fmt not in EXPORTS:
            raise PermissionDenied
        writer, ending = EXPORTS[fmt]
        questions = [data_of(q) for q in bank.questions.filter(is_archived=False).order_by("id")]
        response = download(writer(questions), f"questions-{bank.pk}{ending}")
        if fmt != "xlsx":
            response["Content-Type"] = "application/xml" if fmt == "xml" else "text/plain; charset=utf-8"
        return response


class QuestionEditView(generic.ObjectEditView):
    model = Question
    form_class = forms_exams.QuestionForm

    def get_initial(self):
        return {"bank": self.request.GET.get("bank")}


class QuestionArchiveView(generic.ObjectArchiveView):
    model = Question


class BankImportView(ImportView):
    """The question import of one bank: the bank must be one the user may change."""

    importers = {"questions": QuestionImporter}

    def dispatch(self, request, pk, *args, **kwargs):
        if not request.user.is_authenticated:
            return HttpResponseRedirect(f"{reverse('login')}?next={request.path}")
        self.bank = get_object_or_404(QuestionBank.objects.visible_to(request.user, Action.VIEW), pk=pk)
        if not can(request.user, Action.CHANGE, self.bank):
            raise PermissionDenied(_("Your roles do not allow changing this bank."))
        response = super().dispatch(request, "questions", *args, **kwargs)
        return response

    def get(self, request, key):
        self.importer.bank = self.bank
        return super().get(request, key)

    def post(self, request, key):
        self.importer.bank = self.bank
        return super().post(request, key)

    def success_url(self) -> str:
        return self.bank.get_absolute_url()


#
# Exams
#


class ExamListView(generic.ObjectListView):
    model = Exam
    filterset_class = filtersets_exams.ExamFilterSet
    table_class = tables_exams.ExamTable
    select_related = ("unit",)
    add_url_name = "training:exam_add"


class ExamDetailView(generic.ObjectDetailView):
    model = Exam
    template_name = "training/exams/exam_detail.html"
    select_related = ("unit", "course", "session")
    detail_fields = (
        "title",
        "unit",
        "course",
        "session",
        "banks",
        "pass_mark",
        "time_limit_minutes",
        "opens_at",
        "closes_at",
        "max_attempts",
        "is_mock",
    )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["papers"] = result_rows(self.object)
        ctx["items"] = item_analysis(self.object)
        ctx["to_mark"] = (
            PaperItem.objects.filter(paper__exam=self.object, paper__needs_marking=True, points__isnull=True)
            .exclude(paper__status="open")
            .select_related("question")
            if ctx["edit_url"]
            else []
        )
        return ctx


class ExamEditView(generic.ObjectEditView):
    model = Exam
    form_class = forms_exams.ExamForm


class ExamArchiveView(generic.ObjectArchiveView):
    model = Exam


class ExamResultsXlsxView(generic.ScopedMixin, View):
    model = Exam

    def get(self, request, pk):
        self.kwargs = {"pk": pk}
        exam = self.get_object()
        headers = [_("unit"), _("employee number"), _("name"), _("attempt"), _("status"), _("score (%)")]
        headers += [_("passed"), _("times the page was left"), _("started"), _("handed in")]
        rows = (
            [
                p.person.unit.name,
                p.person.employee_no,
                p.person.name,
                p.attempt,
                p.get_status_display(),
                p.score,
                p.passed,
                p.focus_lost,
                p.started_at,
                p.submitted_at,
            ]
            for p in result_rows(exam)
        )
        return sheet_download(f"exam-{exam.pk}-results.xlsx", headers, rows)


class MarkView(generic.ScopedMixin, View):
    """A marker gives a short answer its points (the exam must be one they may change)."""

    model = Exam
    action = Action.CHANGE

    def post(self, request, pk, item_pk):
        self.kwargs = {"pk": pk}
        exam = self.get_object()
        item = get_object_or_404(PaperItem, pk=item_pk, paper__exam=exam)
        form = forms_exams.MarkForm(request.POST)
        if form.is_valid():
            try:
                mark_short_answer(item=item, points=form.cleaned_data["points"], acting_user=request.user)
            except PaperRefused as exc:
                messages.error(request, str(exc))
        else:
            messages.error(request, " ".join(str(e) for e in form.errors.get("points", [])))
        return HttpResponseRedirect(exam.get_absolute_url() + "#marking")

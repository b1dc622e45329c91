from django.utils.translation import gettext_lazy as _

from zeroharm.core.filtersets import DomainFilterSet, SearchFilter, SubtreeFilter
from zeroharm.training.models import Exam, QuestionBank

__all__ = ["BankFilterSet", "ExamFilterSet"]


class BankFilterSet(DomainFilterSet):
    q = SearchFilter(fields=("name",), label=_("Name"))

    class Meta:
        model = QuestionBank
        fields = ["q", "is_archived"]


class ExamFilterSet(DomainFilterSet):
    q = SearchFilter(fields=("title", "course__title"), label=_("Title or course"))
    ancestor_id = SubtreeFilter()

    class Meta:
        model = Exam
        fields = ["q", "ancestor_id", "is_mock", "is_archived"]

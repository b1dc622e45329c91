import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from zeroharm.core.tables import SECONDARY, DomainTable
from zeroharm.training.models import Exam, QuestionBank


class BankTable(DomainTable):
    name = tables.Column(linkify=True)
    owner_unit = tables.Column(
        accessor="owner_unit__name", verbose_name=_("owner unit"), order_by=("owner_unit__path",)
    )

    class Meta(DomainTable.Meta):
        model = QuestionBank
        fields = ("name", "owner_unit", "updated_at")
        order_by = ("name",)


class ExamTable(DomainTable):
    title = tables.Column(linkify=True)
    unit = tables.Column(accessor="unit__name", verbose_name=_("unit"), order_by=("unit__path",))
    opens_at = tables.DateTimeColumn(format="Y-m-d H:i")
    closes_at = tables.DateTimeColumn(format="Y-m-d H:i", attrs=SECONDARY)
    is_mock = tables.BooleanColumn(attrs=SECONDARY)

    class Meta(DomainTable.Meta):
        model = Exam
        fields = ("title", "unit", "opens_at", "closes_at", "is_mock")
        order_by = ("-opens_at",)

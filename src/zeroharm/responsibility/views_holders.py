"""Pages of role holders: who is the deputy in charge of safety of which unit (the other roles are read from the
units' and teams' own records)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from zeroharm.core import views as generic
from zeroharm.responsibility import filtersets, forms, tables
from zeroharm.responsibility.models import RoleHolder

__all__ = ["RoleHolderListView", "RoleHolderDetailView", "RoleHolderEditView"]


class RoleHolderListView(generic.ObjectListView):
    model = RoleHolder
    filterset_class = filtersets.RoleHolderFilterSet
    table_class = tables.RoleHolderTable
    add_url_name = "responsibility:roleholder_add"
    empty_hint = gettext_lazy(
        "Name here the deputy in charge of safety of each unit. A unit's first leader is its principal person and "
        "its safety officers are the unit's own; team leaders and monitors are set in each team's settings."
    )

    def get_queryset(self):
        return super().get_queryset().select_related("unit", "person")


class RoleHolderDetailView(generic.ObjectDetailView):
    model = RoleHolder
    select_related = ("unit", "person")
    detail_fields = ("unit", "unit_role", "person")


class RoleHolderEditView(generic.ObjectEditView):
    model = RoleHolder
    form_class = forms.RoleHolderForm

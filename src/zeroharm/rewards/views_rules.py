"""Pages of the rule settings: which units' rules propose rewards by themselves (never approve them)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zeroharm.core import views as generic
from zeroharm.core.roles import Action
from zeroharm.core.scoping import can_anywhere
from zeroharm.rewards import filtersets, forms, tables
from zeroharm.rewards.models import RuleSettings

__all__ = ["RuleSettingsListView", "RuleSettingsEditView"]


class RuleSettingsListView(generic.ObjectListView):
    model = RuleSettings
    filterset_class = filtersets.RuleSettingsFilterSet
    table_class = tables.RuleSettingsTable
    add_url_name = "rewards:rulesettings_add"
    empty_hint = gettext_lazy(
        "No rule proposes rewards yet. Switch one on for a unit (and every unit under it): when a hidden danger is "
        "assessed as major, its reporter is proposed a bonus, which an approver still decides."
    )

    def get_queryset(self):
        return super().get_queryset().select_related("unit")


class RuleSettingsEditView(generic.ObjectEditView):
    """Adding settings is changing the unit's rules: a role that only proposes (ADD) may not."""

    model = RuleSettings
    form_class = forms.RuleSettingsForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_anywhere(request.user, RuleSettings, Action.CHANGE):
            raise PermissionDenied(_("Your roles do not allow this."))
        return super().dispatch(request, *args, **kwargs)

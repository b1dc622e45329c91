from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionsConfig(AppConfig):
    name = "zeroharm.actions"
    label = "actions"
    verbose_name = _("Corrective and preventive actions")

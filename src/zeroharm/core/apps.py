from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "zeroharm.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from zeroharm.core import registry, uploads

        registry.autodiscover()
        uploads.pillow_limit_apply()

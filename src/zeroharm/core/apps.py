from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def create_cache_table(using="default", **kwargs):
    """The shared cache's table (ZEROHARM_CACHE_URL=db://…) comes with `zeroharm migrate`: no step to forget."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)  # nothing without a database cache; idempotent


def build_missing_tallies(**kwargs):
    """Tallies added since the last migrate (or the whole lot, on a database made before them) are counted here."""
    from zeroharm.core.tallies import build_missing

    build_missing()


class CoreConfig(AppConfig):
    name = "zeroharm.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from zeroharm.core import checks, filejobs, history, registry, uploads  # noqa: F401 — checks, filejobs register

        registry.autodiscover()
        post_migrate.connect(create_cache_table, sender=self)
        post_migrate.connect(build_missing_tallies, sender=self)
        uploads.pillow_limit_apply()
        history.history_managers_built_once()

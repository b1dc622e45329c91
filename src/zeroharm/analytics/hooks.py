from django.utils.translation import gettext_lazy as _

from zeroharm.core.registry import NavItem, register_nav


def _may_analyse(user) -> bool:
    from zeroharm.analytics.selectors import may_analyse

    return may_analyse(user)


register_nav("incidents", NavItem(_("Accident analysis"), "analytics:overview", "safety", order=60,
                                  check=_may_analyse))

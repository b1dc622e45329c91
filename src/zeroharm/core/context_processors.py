from django.template.loader import render_to_string
from django.utils.functional import SimpleLazyObject

from zeroharm.core.cache import per_user
from zeroharm.core.registry import nav_for


def navigation(request):
    """The menu of this user (`main_menu`, drawn; `nav_sections`, its entries) and the unread inbox count.

    Each is worked out when a template first shows it, once a request: a list page renders its table with a context
    of its own (django-tables2's render_table), which runs every context processor a second time, and the results
    htmx asks for as filters change show neither. The drawn menu is kept per user and language (core.cache): it
    follows the user's roles, units and person, whose writes make it be drawn again."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if not hasattr(request, "_navigation"):
        sections = SimpleLazyObject(lambda: nav_for(user))
        request._navigation = {
            "nav_sections": sections,
            "main_menu": SimpleLazyObject(lambda: _drawn_menu(user, sections)),
            "unread_count": SimpleLazyObject(lambda: _unread(user)),
        }
    return request._navigation


def _drawn_menu(user, sections) -> str:
    name = "main_menu:superuser" if user.is_superuser else "main_menu"  # a flag no write of a counted model follows
    return per_user(name, user, lambda: render_to_string("core/_menu.html", {"nav_sections": sections}))


def _unread(user) -> int:
    return user.notifications.filter(read_at__isnull=True).count()

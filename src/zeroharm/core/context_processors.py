from zeroharm.core.registry import nav_sections
from zeroharm.core.roles import Action
from zeroharm.core.scoping import user_scope


def navigation(request):
    """The sections and entries this user may open, plus the unread inbox count for the header."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    sections = []
    for section in sorted(nav_sections.values(), key=lambda s: s.order):
        items = [item for item in section.items if not user_scope(user, item.area, Action.VIEW).empty
                 and (item.check is None or item.check(user))]
        if items:
            sections.append({"label": section.label, "items": items})
    return {"nav_sections": sections, "unread_count": _unread(request)}


def _unread(request) -> int:
    if not hasattr(request, "_unread_count"):
        request._unread_count = request.user.notifications.filter(read_at__isnull=True).count()
    return request._unread_count

from zeroharm.core.registry import nav_for


def navigation(request):
    """The sections and entries this user may open, plus the unread inbox count for the header."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav_sections": nav_for(user), "unread_count": _unread(request)}


def _unread(request) -> int:
    if not hasattr(request, "_unread_count"):
        request._unread_count = request.user.notifications.filter(read_at__isnull=True).count()
    return request._unread_count

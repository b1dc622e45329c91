from zeroharm.core.registry import nav_for


def navigation(request):
    """The sections and entries this user may open, plus the unread inbox count for the header.

    Worked out once per request: a list page renders its table with a context of its own (django-tables2's
    render_table), which runs every context processor a second time."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if not hasattr(request, "_nav_sections"):
        request._nav_sections = nav_for(user)
    return {"nav_sections": request._nav_sections, "unread_count": _unread(request)}


def _unread(request) -> int:
    if not hasattr(request, "_unread_count"):
        request._unread_count = request.user.notifications.filter(read_at__isnull=True).count()
    return request._unread_count

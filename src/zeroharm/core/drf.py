"""DRF settings targets (imported by DRF's settings, so nothing here may import rest_framework.views)."""

from rest_framework import permissions
from rest_framework.pagination import PageNumberPagination
from rest_framework.throttling import AnonRateThrottle

from zeroharm.core.client_ip import client_ip
from zeroharm.core.roles import Action
from zeroharm.core.scoping import can, can_anywhere

__all__ = ["Pagination", "ScopedPermission", "AnonAddressThrottle"]

METHOD_ACTIONS = {
    "GET": Action.VIEW,
    "HEAD": Action.VIEW,
    "OPTIONS": Action.VIEW,
    "POST": Action.ADD,
    "PUT": Action.CHANGE,
    "PATCH": Action.CHANGE,
    "DELETE": Action.DELETE,
}


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500


class ScopedPermission(permissions.IsAuthenticated):
    """Signed in, and the request's action allowed somewhere in scope; objects outside scope are 404s."""

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        if getattr(view, "skip_scope", False):  # the caller's own data (inbox, profile)
            return True
        model = getattr(getattr(view, "queryset", None), "model", None)
        if model is None or not hasattr(model, "scope_area"):
            return True
        wanted = getattr(view, "scope_action", None) or METHOD_ACTIONS.get(request.method, Action.VIEW)
        return can_anywhere(request.user, model, wanted)

    def has_object_permission(self, request, view, obj):
        if getattr(view, "skip_scope", False) or not hasattr(obj, "scope_area"):
            return True  # the view's queryset already holds only the caller's own rows
        wanted = getattr(view, "scope_action", None) or METHOD_ACTIONS.get(request.method, Action.VIEW)
        return wanted == Action.VIEW or can(request.user, wanted, obj)


class AnonAddressThrottle(AnonRateThrottle):
    """DRF's per-address limit for anonymous requests, counting the same client address as sign-in throttling
    (core.client_ip) instead of DRF's own guess, which believes any X-Forwarded-For a client sends."""

    def get_ident(self, request):
        return client_ip(request) or ""

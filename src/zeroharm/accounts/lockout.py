"""What a locked-out sign-in gets (django-axes): a page for people, the API's error format for programs."""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def lockout_response(request, original_response=None, credentials=None):
    if request.path.startswith("/api/"):
        return JsonResponse(
            {
                "type": "client_error",
                "errors": [
                    {
                        "code": "throttled",
                        "detail": _("Too many failed sign-ins; try again later."),
                        "attr": None,
                    }
                ],
            },
            status=429,
        )
    return render(request, "registration/locked_out.html", status=429)

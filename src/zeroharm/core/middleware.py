"""Middleware of the platform."""

from zeroharm.core.signatures import refusals_write

__all__ = ["SignatureLogMiddleware"]


class SignatureLogMiddleware:
    """Writes the signing attempts refused during the request (core.signatures) once it is answered: the step they
    were part of rolled back, the refusal must not. Outside every transaction, as the view's has ended by then."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        refusals_write()  # none should be left from an earlier request on this thread; if one is, it is kept
        try:
            return self.get_response(request)
        finally:
            refusals_write()

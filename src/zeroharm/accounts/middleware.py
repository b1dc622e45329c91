from django.conf import settings
from django.utils import translation


class UserLanguageMiddleware:
    """The language of every page: the signed-in user's choice (stored on the login, so it follows them across
    devices), else a choice made on this device before signing in (the language cookie), else the group's language
    (ZEROHARM_LANGUAGE). The browser's Accept-Language is not asked: a plant's shared PCs and phones are often set
    to English, and a user who never chose should read the group's language, as their notifications and e-mails do.
    Runs after LocaleMiddleware and overrides what it activated."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = chosen_language(request) or settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers["Content-Language"] = request.LANGUAGE_CODE
        return response


def chosen_language(request) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.language:
        return user.language
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    try:
        return translation.get_supported_language_variant(cookie) if cookie else ""
    except LookupError:
        return ""

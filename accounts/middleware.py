"""Signed-in people get the pages in the language they chose, on any device."""

from django.conf import settings


class UserLanguageMiddleware:
    """Offer the signed-in person's saved language to LocaleMiddleware, which runs next.

    A language prefix in the address still wins; this decides where an address without one (such
    as `/` or the link in an old bookmark) leads.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            request.COOKIES[settings.LANGUAGE_COOKIE_NAME] = user.language
        return self.get_response(request)

"""The API's language: a `lang` parameter, else the `Accept-Language` header, else as the pages.

The city's translated texts (`portal.translated`) and every message come out in that language.
On the site's pages a signed-in person's saved language decides; an API client says what it wants
per request, so for `/api/` the request's own words win over the saved preference.
"""

from django.conf import settings
from django.http import JsonResponse
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation.trans_real import parse_accept_lang_header

API_PREFIX = "/api/"


def _codes() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}


def api_language(request) -> str | None:
    """The language the request asks for, or None to keep LocaleMiddleware's choice.

    Raises ValueError for a `lang` parameter that is not one of the portal's languages.
    """
    asked = request.GET.get("lang")
    if asked is not None:
        code = asked.strip().lower()[:2]
        if code not in _codes() or len(asked.strip()) not in (2, 5):
            raise ValueError(asked)
        return code
    for code, _quality in parse_accept_lang_header(request.META.get("HTTP_ACCEPT_LANGUAGE", "")):
        if code[:2].lower() in _codes():
            return code[:2].lower()
    return None


class ApiLanguageMiddleware:
    """Runs after LocaleMiddleware; only for addresses under /api/."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        try:
            language = api_language(request)
        except ValueError as error:
            return JsonResponse(
                {
                    "code": "invalid_language",
                    "detail": gettext("The language “%(lang)s” is not offered; use one of %(codes)s.")
                    % {"lang": error.args[0], "codes": ", ".join(sorted(_codes()))},
                },
                status=400,
            )
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language())
        patch = response.headers.get("Vary", "")
        if "accept-language" not in patch.lower():
            response.headers["Vary"] = f"{patch}, Accept-Language" if patch else "Accept-Language"
        return response

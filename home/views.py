"""The site's own pages: home, privacy, the language switch, health checks and the error pages."""

import logging
from urllib.parse import urlsplit

from celery import current_app
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import RequestDataTooBig
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import get_language, gettext
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from accounts.selectors import organization_list
from accounts.services import user_set_language
from challenges.selectors import challenge_list
from portal.models import District, Goal

logger = logging.getLogger(__name__)


def home(request):
    context = {
        "goals": Goal.objects.all(),
        "districts": District.objects.all(),
        "organizations": organization_list(verified=True)[:6],
        "open_challenges": challenge_list(user=request.user, open_now=True, sort="deadline")[:6],
    }
    return render(request, "home/home.html", context)


def privacy(request):
    return render(request, "home/privacy.html")


@require_POST
def set_language(request):
    """Django's language switch, which also remembers the choice for a signed-in person."""
    if request.user.is_authenticated:
        user_set_language(user=request.user, language=request.POST.get("language", ""))
    # Django finds the same page in the new language by resolving `next` in the active language;
    # a page in English reached with a Finnish cookie would not resolve, and the switch would lead
    # back to the English page. So resolve it in the language of its own address.
    # An address that resolves to no page (a 404 page's own) gets its language prefix swapped.
    next_path = urlsplit(request.POST.get("next") or request.META.get("HTTP_REFERER") or "").path
    from_language = translation.get_language_from_path(next_path)
    with translation.override(from_language or translation.get_language()):
        response = django_set_language(request)
    to_language = request.POST.get("language", "")
    location = response.get("Location", "")
    if (
        from_language
        and to_language in dict(settings.LANGUAGES)
        and location.startswith(f"/{from_language}/")
    ):
        response["Location"] = f"/{to_language}/{location[len(from_language) + 2 :]}"
    return response


def healthz(request):
    """The process answers. (Readiness of the database and Redis is /readyz's question.)"""
    return HttpResponse("ok", content_type="text/plain")


def readyz(request):
    """For load balancers: 200 when the database, the cache and the broker answer, else 503."""
    checks = {"database": _check(_database), "cache": _check(_cache)}
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        checks["broker"] = _check(_broker)
    ready = all(value == "ok" for value in checks.values())
    return JsonResponse({"ready": ready, **checks}, status=200 if ready else 503)


def _check(probe) -> str:
    try:
        probe()
    except Exception as error:  # any failure means not ready; say which, not the details
        logger.warning("readiness check %s failed: %s", probe.__name__, error)
        return "unavailable"
    return "ok"


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _cache():
    cache.set("readyz", "1", 10)
    if cache.get("readyz") != "1":
        raise RuntimeError("cache did not keep a value")


def _broker():
    # The project's Celery app, set as current when config/ loads; no app imports the project.
    with current_app.connection_for_write() as broker:
        broker.ensure_connection(max_retries=1, timeout=2)


@requires_csrf_token
def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


@requires_csrf_token
def bad_request(request, exception=None):
    """Django's answer to a request it cannot take (too large, a bad host); JSON under /api/."""
    if not request.path.startswith("/api/"):
        return defaults.bad_request(request, exception)
    if isinstance(exception, RequestDataTooBig):
        detail = gettext("The request is too large.")
        return JsonResponse({"code": "too_large", "detail": detail}, status=413)
    detail = gettext("The request could not be read.")
    return JsonResponse({"code": "bad_request", "detail": detail}, status=400)


@requires_csrf_token
def page_not_found(request, exception=None):
    if request.path.startswith("/api/"):
        # An address the API does not have answers like the API's own 404s, in JSON.
        return JsonResponse({"code": "not_found", "detail": gettext("Not found.")}, status=404)
    return render(request, "404.html", status=404)


@requires_csrf_token
def too_many_requests(request, exception=None, retry_after: int = 60):
    response = render(request, "429.html", {"retry_minutes": max(1, round(retry_after / 60))}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


@requires_csrf_token
def server_error(request):
    # Rendered without the request context: whatever broke may be what a context processor needs.
    # If even the layout cannot be drawn (a broken URLconf, a missing template), a bare page.
    try:
        content = render_to_string("500.html")
    except Exception:
        logger.exception("the 500 page could not be rendered")
        title = gettext("Something went wrong")
        text = gettext("The error was recorded. Please try again in a moment.")
        content = (
            f'<!doctype html><html lang="{get_language()}"><head><meta charset="utf-8">'
            f"<title>{title}</title></head><body><h1>{title}</h1><p>{text}</p></body></html>"
        )
    return HttpResponse(content, status=500)

"""A shared cache of public pages for visitors who are not signed in.

Most traffic on a deadline evening or after a news story is people reading without an account. For
them the rendered page (HTML or API JSON) of the public sections is kept in the cache (Redis in
production, shared by every web process) for `PAGE_CACHE_SECONDS`:

- Signed-in people, requests with a token or a flash message, and anything but GET are never
  served from it, so everybody who can change something sees the live page.
- Pages are stored with the *generation* they were rendered in. Saving or deleting content
  (ideas, comments, challenges, pilots, organizations, moderation, a person's name) bumps it, so
  a change is visible to everybody at the next request. Counters (votes, follows, likes) do
  not bump it: for visitors they may lag by at most `PAGE_CACHE_SECONDS`; signed-in pages and
  the API for signed-in callers show them live.
- Forms on a cached page carry a placeholder where the CSRF token goes; each visitor gets their own
  token filled in, so forms on cached pages work as on fresh ones.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token

GENERATION_KEY = "page-cache:generation"
CSRF_PLACEHOLDER = "pagecachecsrftokenplaceholder"
PUBLIC_SECTIONS = ("challenges/", "ideas/", "pilots/", "organizations/", "insights/")
API_SECTIONS = ("challenges/", "ideas/", "pilots/", "organizations/", "comments/", "open-data/", "insights/")
KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary")

# Models whose saves change only counters shown on pages, or nothing public at all.
NOT_PUBLIC = {
    "engagement.vote",
    "engagement.follow",
    "engagement.commentlike",
    "engagement.flag",
    "notifications.event",
    "notifications.notification",
    "notifications.emaildelivery",
    "notifications.preference",
    "notifications.mailbox",
    "portal.auditentry",
    "sessions.session",
    "authtoken.token",
    "account.emailaddress",
    "account.emailconfirmation",
    "accounts.dataexport",
    "accounts.invitation",
    "admin.logentry",
}
PUBLIC_APPS = {"accounts", "challenges", "engagement", "ideas", "insights", "pilots", "portal"}


def page_cache_seconds() -> int:
    return getattr(settings, "PAGE_CACHE_SECONDS", 0)


def page_cache_bump() -> None:
    """Retire every cached page (call after a change the signals below cannot see)."""
    if not page_cache_seconds():
        return
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, None)


def _on_change(sender, instance=None, update_fields=None, **kwargs) -> None:
    label = sender._meta.label_lower
    if sender._meta.app_label not in PUBLIC_APPS or label in NOT_PUBLIC:
        return
    if (
        label == "accounts.user"
        and update_fields is not None
        and set(update_fields) <= {"last_login", "password"}
    ):
        return
    page_cache_bump()


def connect_signals() -> None:
    post_save.connect(_on_change, dispatch_uid="page_cache_save")
    post_delete.connect(_on_change, dispatch_uid="page_cache_delete")


def _cacheable_path(path: str) -> bool:
    if path.startswith("/api/v1/"):
        rest = path[len("/api/v1/") :]
        return rest.startswith(API_SECTIONS)
    parts = path.split("/", 2)  # "", "fi", rest
    if len(parts) < 3 or parts[1] not in {code for code, _name in settings.LANGUAGES}:
        return False
    return parts[2] == "" or parts[2].startswith(PUBLIC_SECTIONS)


def _eligible(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and _cacheable_path(request.path)
    )


def _key(request) -> str:
    parts = [
        request.get_host(),
        request.get_full_path(),
        request.META.get("HTTP_ACCEPT", "") if request.path.startswith("/api/") else "",
        request.META.get("HTTP_ACCEPT_LANGUAGE", "") if request.path.startswith("/api/") else "",
        request.META.get("HTTP_HX_REQUEST", ""),
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"page-cache:{digest}"


def csrf_token_for_cached_page(request) -> dict:
    """Context processor: a placeholder instead of the visitor's token while rendering for the cache."""
    if getattr(request, "_page_cache_render", False):
        return {"csrf_token": CSRF_PLACEHOLDER}
    return {}


class PageCacheMiddleware:
    """Serve and store public pages for visitors who are not signed in (see the module's note)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = page_cache_seconds()
        if not seconds or not _eligible(request):
            return self.get_response(request)
        key = _key(request)
        # One round trip for both: the current generation and what is stored for this page.
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY, 0)
        stored = found.get(key)
        if stored is not None and stored[0] == generation:
            return self._respond(request, *stored[1:], state="hit")
        request._page_cache_render = True
        response = self.get_response(request)
        if (
            response.status_code != 200
            or response.streaming
            or response.cookies
            or "private" in response.get("Cache-Control", "")
            or "no-store" in response.get("Cache-Control", "")
            or not response.get("Content-Type", "").startswith(("text/html", "application/json"))
        ):
            return self._fill_token(request, response)
        headers = {name: response[name] for name in KEPT_HEADERS if name in response}
        cache.set(key, (generation, response.content, headers), seconds)
        return self._respond(request, response.content, headers, state="miss")

    def _respond(self, request, content: bytes, headers: dict, *, state: str) -> HttpResponse:
        response = HttpResponse(content)
        for name, value in headers.items():
            response[name] = value
        response["X-Page-Cache"] = state
        return self._fill_token(request, response)

    def _fill_token(self, request, response):
        placeholder = CSRF_PLACEHOLDER.encode()
        if not response.streaming and placeholder in response.content:
            response.content = response.content.replace(placeholder, get_token(request).encode())
        return response

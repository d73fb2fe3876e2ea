"""Per-person limits on how fast people create ideas, comments, flags and pilot proposals, edit
what they wrote, and send invitations.

Counters live in the cache (Redis in production, so every web process shares them) in fixed
windows: at most `count` actions per window of `minutes`. A fixed window is simple and cheap; its
known price is that a burst across a window boundary can reach twice the limit, which is fine for
keeping floods out. `settings.RATE_LIMITS` maps an action to `(count, minutes)`.
"""

import hashlib
import time
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "idea": _("You have proposed many ideas in a short time. You can propose another one at %(time)s."),
    "comment": _("You have written many comments in a short time. You can comment again at %(time)s."),
    "flag": _("You have flagged a lot of content in a short time. You can flag again at %(time)s."),
    "proposal": _(
        "You have started many pilot proposals in a short time. You can start another one at %(time)s."
    ),
    "edit": _("You have saved many changes in a short time. You can save again at %(time)s."),
    "invitation": _("You have sent many invitations in a short time. You can invite again at %(time)s."),
    "invitation_recipient": _(
        "This address has been invited several times in a short time. You can invite it again at %(time)s."
    ),
}


_suspended = ContextVar("rate_limits_suspended", default=False)


@contextmanager
def rate_limits_suspended():
    """No limits inside: for loading demo content, never for requests."""
    token = _suspended.set(True)
    try:
        yield
    finally:
        _suspended.reset(token)


class RateLimited(ValidationError):
    """A person has reached a limit. `retry_at` says when they may try again."""

    def __init__(self, message, *, retry_at: datetime):
        super().__init__(message, code="rate_limited")
        self.retry_at = retry_at

    @property
    def retry_after_seconds(self) -> int:
        return max(1, int((self.retry_at - timezone.now()).total_seconds()) + 1)


def refused_for_now(response: HttpResponse, error: RateLimited) -> HttpResponse:
    """Mark a page or answer as refused by a limit (429), saying when to retry (`Retry-After`).

    The page itself shows the limit's message, which names the time in words."""
    response.status_code = 429
    response["Retry-After"] = str(error.retry_after_seconds)
    return response


def rate_limit_hit(*, actor, action: str, subject: str | None = None) -> None:
    """Count one `action` by `actor` (or about `subject`, such as the address an invitation goes
    to, when the limit is per subject); raise `RateLimited` if that goes over the limit."""
    if _suspended.get():
        return
    count_allowed, minutes = settings.RATE_LIMITS[action]
    seconds = minutes * 60
    window = int(time.time() // seconds)
    who = hashlib.sha256(subject.lower().encode()).hexdigest()[:32] if subject is not None else actor.pk
    key = f"rate-limit:{action}:{who}:{window}"
    cache.add(key, 0, timeout=seconds + 60)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, timeout=seconds + 60)
        count = 1
    if count > count_allowed:
        retry_at = datetime.fromtimestamp((window + 1) * seconds, tz=UTC)
        raise RateLimited(
            MESSAGES[action] % {"time": time_format(timezone.localtime(retry_at), "TIME_FORMAT")},
            retry_at=retry_at,
        )

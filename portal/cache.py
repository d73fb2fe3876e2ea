"""The cache that fails open: Redis down is a slower site, not a broken one.

Everything the portal keeps in the cache can be recounted or done without: cached pages and
figures are rendered again, the API's throttles, the per-person rate limits and the log-in lockout
let requests through (each failure is logged, so operators see it), and nothing written is lost
because nothing the portal must keep lives only in the cache. Without this, a stopped Redis made
every public page, API call, comment and log-in a 500.

Each call is bounded by the socket timeouts in `settings.CACHES`, so a Redis that hangs costs a
request at most that long, not a worker forever.
"""

import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def _failing_open(name: str, fallback):
    def method(self, *args, **kwargs):
        try:
            return getattr(super(FailOpenRedisCache, self), name)(*args, **kwargs)
        except RedisError as error:
            logger.warning("cache %s failed, going on without the cache: %s", name, error)
            return fallback(*args, **kwargs) if callable(fallback) else fallback

    method.__name__ = name
    return method


def _missing(key, default=None, *args, **kwargs):
    return default


def _not_counted(key, *args, **kwargs):
    # What Django raises for a key that is not there; callers already count from 1 again then.
    raise ValueError(f"Key '{key}' not found (the cache is not answering)")


class FailOpenRedisCache(RedisCache):
    """Django's Redis cache, answering "not there" instead of raising when Redis does not answer."""

    get = _failing_open("get", _missing)
    get_many = _failing_open("get_many", {})
    set = _failing_open("set", None)
    set_many = _failing_open("set_many", lambda data, *args, **kwargs: list(data))
    # "Added": a caller that takes add() as a lock (allauth's rate limits do) goes on, as if alone.
    add = _failing_open("add", True)
    touch = _failing_open("touch", False)
    delete = _failing_open("delete", False)
    delete_many = _failing_open("delete_many", None)
    has_key = _failing_open("has_key", False)
    incr = _failing_open("incr", _not_counted)
    decr = _failing_open("decr", _not_counted)
    clear = _failing_open("clear", False)

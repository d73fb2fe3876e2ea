"""Settings for `make test`: real PostgreSQL on localhost, tasks inline unless a test starts a worker.

Every value can still be overridden from the environment (CI does not need to).
"""

import os

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/garden")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-any-server-0123456789")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SITE_URL", "http://testserver")
# Unit tests run tasks inline; integration tests start a real worker and point it at Redis.
os.environ.setdefault("REDIS_URL", "")
os.environ.setdefault("CELERY_BROKER_URL", "")

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
# Tests serve static files through the finders; WhiteNoise still wants its (empty) folder to exist.
STATIC_ROOT = BASE_DIR / "var" / "test-static"  # noqa: F405
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Inline in the test process; a worker started by an integration test sets this to false.
# The page cache for visitors (on in production) is off, so tests see each change at once;
# tests/portal/test_page_cache.py switches it on.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "0"))
CELERY_TASK_ALWAYS_EAGER = os.environ.get("CELERY_TASK_ALWAYS_EAGER", "true").lower() == "true"
# Redis for integration tests: its own database number, so a developer's data is never touched.
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
# A worker started by an integration test uses broker keys of its own (see tests/integration).
if os.environ.get("TEST_BROKER_KEY_PREFIX"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {"global_keyprefix": os.environ["TEST_BROKER_KEY_PREFIX"]}

"""Settings for the Innovation Garden portal.

Everything that differs between a laptop and production comes from environment variables (or a
`.env` file beside `manage.py`). The defaults are the *embedded* shape that `make run` uses: SQLite,
Celery tasks run inline, email printed to the console. Each integration is switched on by one
variable; the README lists them all.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env")

# The development key is public on purpose; a server with DEBUG off refuses to start with it.
DEVELOPMENT_SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="") or DEVELOPMENT_SECRET_KEY
if not DEBUG and SECRET_KEY == DEVELOPMENT_SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY in the environment when DEBUG is off.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
# The public address of the portal, used for links in emails written outside a request.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[SITE_URL])

INSTALLED_APPS = [
    # Translated fields for the city's own content; before the admin, as the library asks.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "allauth",
    "allauth.account",
    "portal",
    "accounts",
    "challenges",
    "pilots",
    "notifications",
    "ideas",
    "engagement",
    "search",
    "insights",
    "privacy",
    "home",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.UserLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "portal.page_cache.PageCacheMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "home.context_processors.site",
                "notifications.context_processors.notifications",
                "portal.page_cache.csrf_token_for_cached_page",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite keeps no connections worth pooling; WAL lets a reader and the writer work side by side.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("init_command", "PRAGMA journal_mode=WAL;")
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and Celery -------------------------------------------------------------------------
# REDIS_URL switches on Redis for the cache and, unless CELERY_BROKER_URL says otherwise, as the
# Celery broker. Without it the cache is per process and tasks run inline.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="garden"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Public pages for visitors who are not signed in are kept this long (portal/page_cache.py);
# 0 switches the page cache off, as in development.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=0 if DEBUG else 30)

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="") or REDIS_URL
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not CELERY_BROKER_URL)
if not CELERY_BROKER_URL:
    # Tasks run inline; the in-memory transport only keeps Celery from looking for a server.
    CELERY_BROKER_URL = "memory://localhost/"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "Europe/Helsinki"
# The impact dashboard's figures stay cached this long. The beat task refreshes them every ten
# minutes; without a broker (no beat) they are recounted by the first reader after they expire.
INSIGHTS_CACHE_SECONDS = env.int(
    "INSIGHTS_CACHE_SECONDS", default=600 if CELERY_TASK_ALWAYS_EAGER else 6 * 3600
)
CELERY_BEAT_SCHEDULE = {
    "relay-outbox": {"task": "notifications.relay_outbox", "schedule": 60.0},
    "unsent-invitations": {"task": "accounts.send_unsent_invitations", "schedule": 300.0},
    "challenge-announcements": {"task": "challenges.announce_phases", "schedule": 600.0},
    "insights-refresh": {"task": "insights.refresh", "schedule": 600.0},
    "daily-digest": {
        "task": "notifications.send_digests",
        "schedule": crontab(hour=7, minute=0),
        "args": ["daily"],
    },
    "weekly-digest": {
        "task": "notifications.send_digests",
        "schedule": crontab(hour=7, minute=0, day_of_week="monday"),
        "args": ["weekly"],
    },
}

# --- Email ----------------------------------------------------------------------------------
# EMAIL_URL examples: smtp://user:pass@mail.example.org:587/?tls=True, consolemail://
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Innovation Garden <noreply@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = 20

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "accounts.backends.StaffModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
# Sign-up with an address already in use says so on the form, as residents expect (the peers do
# the same); the price is that the form reveals whether an address has an account.
ACCOUNT_PREVENT_ENUMERATION = False
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_SESSION_REMEMBER = None

# First wait before an email the mail server refused for now is tried again (doubling each time).
EMAIL_RETRY_SECONDS = env.int("EMAIL_RETRY_SECONDS", default=30)
# The outbox relay re-enqueues events still undispatched, and emails still unsent, after this long.
EVENT_RELAY_AFTER_SECONDS = env.int("EVENT_RELAY_AFTER_SECONDS", default=60)
EMAIL_RELAY_AFTER_SECONDS = env.int("EMAIL_RELAY_AFTER_SECONDS", default=300)
# One-click unsubscribe links in emails work this long.
UNSUBSCRIBE_LINK_DAYS = env.int("UNSUBSCRIBE_LINK_DAYS", default=90)
# Invitations to join an organization stay valid this long.
ORGANIZATION_INVITATION_DAYS = env.int("ORGANIZATION_INVITATION_DAYS", default=14)

# --- Ideas and engagement -------------------------------------------------------------------
# A comment can be edited this many minutes after it was written.
COMMENT_EDIT_MINUTES = env.int("COMMENT_EDIT_MINUTES", default=15)
# An item or comment flagged by this many different people is hidden until a moderator looks.
FLAGS_TO_HIDE = env.int("FLAGS_TO_HIDE", default=3)


def _rate_limit(name: str, default: str) -> tuple[int, int]:
    """A limit written as "count/minutes", e.g. "30/10" for 30 per 10 minutes."""
    value = env.str(name, default=default)
    try:
        count, minutes = (int(part) for part in value.split("/"))
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must look like 30/10 (count/minutes), not {value!r}") from error
    return count, minutes


# Per person: how many ideas, comments, flags and pilot proposals in how many minutes.
RATE_LIMITS = {
    "idea": _rate_limit("RATE_LIMIT_IDEAS", "10/60"),
    "proposal": _rate_limit("RATE_LIMIT_PROPOSALS", "10/60"),
    "comment": _rate_limit("RATE_LIMIT_COMMENTS", "30/10"),
    "flag": _rate_limit("RATE_LIMIT_FLAGS", "20/60"),
}

# --- Languages ------------------------------------------------------------------------------
LANGUAGE_CODE = "fi"
LANGUAGES = [
    ("fi", _("Finnish")),
    ("sv", _("Swedish")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The city's own content (challenges, places, events, answers…) is written in each language, with
# django-modeltranslation's fields (`title_fi`, `title_sv`, `title_en`); a reader sees her language,
# or the first language that has the text. Espoo is bilingual: publishing needs these languages.
MODELTRANSLATION_DEFAULT_LANGUAGE = "fi"
MODELTRANSLATION_LANGUAGES = ("fi", "sv", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("fi", "sv", "en")
OFFICIAL_LANGUAGES_REQUIRED = env.list("OFFICIAL_LANGUAGES_REQUIRED", default=["fi", "sv"])
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Helsinki"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static and media files -------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    # Public uploads (idea images, organization logos), served under MEDIA_URL.
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Confidential uploads (pilot proposal attachments) under PRIVATE_ROOT: no URL, only
    # permission-checked views hand them out.
    "private": {"BACKEND": "portal.uploads.PrivateStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
# Files only their owner may download (data exports); never served as static or media files.
PRIVATE_ROOT = Path(env.str("PRIVATE_ROOT", default=str(BASE_DIR / "var" / "private")))
# The portal serves public uploads under MEDIA_URL itself (portal.views.media, with safe headers).
# Switch it off when a proxy or CDN in front serves MEDIA_ROOT, or MEDIA_URL points elsewhere.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=True)

# --- Uploads (portal.uploads) -----------------------------------------------------------------
_MB = 1024 * 1024
# The largest image (idea image, logo) and attachment (PDF or image) accepted, in megabytes.
UPLOAD_IMAGE_MAX_BYTES = env.int("UPLOAD_IMAGE_MAX_MB", default=5) * _MB
UPLOAD_ATTACHMENT_MAX_BYTES = env.int("UPLOAD_ATTACHMENT_MAX_MB", default=10) * _MB
# An image with more pixels than this is refused before it is decoded (decompression bombs).
UPLOAD_IMAGE_MAX_PIXELS = env.int("UPLOAD_IMAGE_MAX_MEGAPIXELS", default=50) * 1_000_000
# Stored images are scaled down to fit this many pixels on their longer side.
UPLOAD_IMAGE_MAX_SIDE = env.int("UPLOAD_IMAGE_MAX_SIDE", default=2048)
# How many files one pilot proposal can have attached.
PILOT_ATTACHMENTS_MAX = env.int("PILOT_ATTACHMENTS_MAX", default=5)
# The first handler stops keeping a file's bytes once it is over every limit above (see
# portal.uploads.UploadSizeCap), so an oversized upload is refused without filling the disk.
FILE_UPLOAD_HANDLERS = [
    "portal.uploads.UploadSizeCap",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# --- API ------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    # Token first, so an unauthenticated request is answered 401 with WWW-Authenticate.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["portal.api.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "portal.api.Pagination",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "config.api_schema.AutoSchema",
    "DEFAULT_METADATA_CLASS": "portal.api.Metadata",
    "EXCEPTION_HANDLER": "portal.api.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_RATE_ANON", default="120/min"),
        "user": env.str("API_RATE_USER", default="600/min"),
        "token": env.str("API_RATE_TOKEN", default="10/min"),
    },
    "NUM_PROXIES": env.int("NUM_PROXIES", default=0),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Innovation Garden API",
    "DESCRIPTION": "Challenges, ideas, pilots and everything around them, with the same rules as the pages.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "GET_LIB_DOC_EXCLUDES": "config.api_schema.doc_excludes",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "config.api_schema.close_request_bodies",
    ],
    "ENUM_NAME_OVERRIDES": {
        "EmailFrequency": "notifications.kinds.Frequency.CHOICES",
        "MembershipRole": "accounts.models.Membership.Role",
        "TeamRole": "pilots.models.TeamMember.Role",
        "IdeaStatus": "ideas.models.Idea.Status",
        "PilotStatus": "pilots.models.Pilot.Status",
        "IdeaAnswerStatus": "ideas.services.ANSWER_STATUSES",
    },
}

# --- Security -------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not from the cookie
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    # Behind a TLS-terminating proxy, set SECURE_PROXY_SSL_HEADER=true so Django trusts its header.
    if env.bool("SECURE_PROXY_SSL_HEADER", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True

# Content Security Policy: only the portal's own scripts, styles and images; no inline script or
# style anywhere on the public pages. The Django admin (administrators only) uses inline styles, so
# it is left out.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": [f"/{code}/admin/" for code, _name in LANGUAGES],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    },
}

# --- Logging --------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

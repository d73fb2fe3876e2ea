import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path

from accounts import views as accounts_views
from home import views
from portal import views as kernel_views

urlpatterns = [
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("api/v1/", include("config.api_urls")),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("privacy/", views.privacy, name="privacy"),
    # allauth's pages, with its log-in page answering 429 when an address is locked out.
    path("accounts/login/", accounts_views.login, name="account_login"),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("", include("privacy.urls")),
    path("", include("notifications.urls")),
    # Before the challenges' URLs, so that challenges/<slug>/propose/ and …/proposals/ are not shadowed.
    path("", include("pilots.urls")),
    path("", include("challenges.urls")),
    path("", include("ideas.urls")),
    path("", include("engagement.urls")),
    path("", include("insights.urls")),
    path("", include("search.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)

# Public uploads, in development and production alike (see portal.uploads and the README): off when
# a proxy or CDN serves MEDIA_ROOT, or when MEDIA_URL points at another host.
if settings.SERVE_MEDIA and settings.MEDIA_URL.startswith("/"):
    urlpatterns.append(
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<name>.+)$", kernel_views.media, name="media"
        )
    )

handler400 = "home.views.bad_request"
handler403 = "home.views.permission_denied"
handler404 = "home.views.page_not_found"
handler500 = "home.views.server_error"
handler429 = "home.views.too_many_requests"  # used by django-allauth's rate limits

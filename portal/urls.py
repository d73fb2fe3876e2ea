from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from portal import views

urlpatterns = [
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("healthz", views.healthz, name="healthz"),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("", include("ideas.urls")),
    path("", include("engagement.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"

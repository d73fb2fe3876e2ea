from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from pilots import views as pilot_views
from portal import views

urlpatterns = [
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("healthz", views.healthz, name="healthz"),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    # Before the challenges' URLs, so that challenges/<slug>/propose/ and …/proposals/ are not shadowed.
    path("", include("pilots.urls")),
    # TEMPORARY (pilots branch): a stand-in for the challenge page until the challenges branch's
    # path("", include("challenges.urls")) replaces it here. Remove at merge, with
    # pilots.views.challenge_placeholder and templates/pilots/challenge_placeholder.html.
    path("challenges/<slug:slug>/", pilot_views.challenge_placeholder, name="challenge_detail"),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"

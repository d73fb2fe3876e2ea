"""The API, version 1, at /api/v1/. Each app contributes its viewsets in its `api.py`."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from accounts import api as accounts_api
from insights import api as insights_api
from notifications import api as notifications_api

router = DefaultRouter(trailing_slash=True)
router.register("organizations", accounts_api.OrganizationViewSet, basename="organization")
router.register("notifications", notifications_api.NotificationViewSet, basename="notification")

urlpatterns = [
    path("auth/token/", accounts_api.TokenView.as_view(), name="api_token"),
    path("me/", accounts_api.MeView.as_view(), name="api_me"),
    path("me/export/", accounts_api.MeExportView.as_view(), name="api_me_export"),
    path("notifications/preferences/", notifications_api.PreferencesView.as_view(), name="api_preferences"),
    path("open-data/", include(insights_api.urlpatterns)),
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api_schema"), name="api_docs"),
    path("", include(router.urls)),
]

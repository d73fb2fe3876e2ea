"""The API, version 1, at /api/v1/. Each app contributes its viewsets in its `api.py`."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from accounts import api as accounts_api
from challenges import api as challenges_api
from engagement import api as engagement_api
from ideas import api as ideas_api
from insights import api as insights_api
from notifications import api as notifications_api
from pilots import api as pilots_api
from privacy import api as privacy_api
from search import api as search_api

router = DefaultRouter(trailing_slash=True)
router.register("challenges", challenges_api.ChallengeViewSet, basename="challenge")
router.register("pilots", pilots_api.PilotViewSet, basename="pilot")
router.register("organizations", accounts_api.OrganizationViewSet, basename="organization")
router.register("notifications", notifications_api.NotificationViewSet, basename="notification")
# Ideas and engagement: votes, follows, comments, flags, moderation.
router.register("ideas", ideas_api.IdeaViewSet, basename="idea")
router.register("comments", engagement_api.CommentViewSet, basename="comment")
router.register("votes", engagement_api.VoteViewSet, basename="vote")
router.register("follows", engagement_api.FollowViewSet, basename="follow")
router.register("moderation", engagement_api.ModerationViewSet, basename="moderation")

urlpatterns = [
    path("auth/token/", accounts_api.TokenView.as_view(), name="api_token"),
    path("me/", accounts_api.MeView.as_view(), name="api_me"),
    path("me/export/", privacy_api.MeExportView.as_view(), name="api_me_export"),
    path("notifications/preferences/", notifications_api.PreferencesView.as_view(), name="api_preferences"),
    path("search/", search_api.SearchView.as_view(), name="api_search"),
    path("open-data/", include(insights_api.urlpatterns)),
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api_schema"), name="api_docs"),
    path("", include(router.urls)),
]

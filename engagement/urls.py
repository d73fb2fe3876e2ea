from django.urls import path

from engagement import views

urlpatterns = [
    path("engage/<str:label>/<int:pk>/vote/", views.vote, name="engagement_vote"),
    path("engage/<str:label>/<int:pk>/unvote/", views.unvote, name="engagement_unvote"),
    path("engage/<str:label>/<int:pk>/follow/", views.follow, name="engagement_follow"),
    path("engage/<str:label>/<int:pk>/unfollow/", views.unfollow, name="engagement_unfollow"),
    path("engage/<str:label>/<int:pk>/comments/", views.comment_create, name="comment_create"),
    path("engage/<str:label>/<int:pk>/flag/", views.flag, name="flag"),
    path("comments/<int:pk>/edit/", views.comment_edit, name="comment_edit"),
    path("comments/<int:pk>/delete/", views.comment_delete, name="comment_delete"),
    path("comments/<int:pk>/like/", views.comment_like, name="comment_like"),
    path("comments/<int:pk>/unlike/", views.comment_unlike, name="comment_unlike"),
    path("moderation/", views.moderation_queue, name="moderation_queue"),
    path("moderation/<str:label>/<int:pk>/", views.moderation_item, name="moderation_item"),
]

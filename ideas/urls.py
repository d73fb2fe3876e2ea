from django.urls import path

from ideas import views

urlpatterns = [
    path("ideas/", views.idea_list, name="idea_list"),
    path("ideas/new/", views.idea_create, name="idea_create"),
    path("ideas/similar/", views.idea_similar, name="idea_similar"),
    path("ideas/mine/", views.my_ideas, name="my_ideas"),
    path("ideas/answers/", views.answer_queue, name="answer_queue"),
    path("ideas/<int:pk>/", views.idea_detail, name="idea_detail"),
    path("ideas/<int:pk>/edit/", views.idea_edit, name="idea_edit"),
    path("ideas/<int:pk>/image/remove/", views.idea_remove_image, name="idea_remove_image"),
    path("ideas/<int:pk>/updates/", views.idea_post_update, name="idea_post_update"),
    path("ideas/<int:pk>/coauthors/", views.coauthor_invite, name="idea_coauthor_invite"),
    path("ideas/<int:pk>/coauthors/accept/", views.coauthor_accept, name="idea_coauthor_accept"),
    path("ideas/<int:pk>/coauthors/leave/", views.coauthor_leave, name="idea_coauthor_leave"),
    path("ideas/<int:pk>/answer/", views.idea_answer, name="idea_answer"),
    path("ideas/<int:pk>/merge/", views.idea_merge, name="idea_merge"),
    path("ideas/<int:pk>/promote/", views.idea_promote, name="idea_promote"),
]

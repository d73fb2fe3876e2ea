from django.urls import path

from challenges import views

urlpatterns = [
    path("challenges/", views.challenge_list, name="challenge_list"),
    path("challenges/new/", views.challenge_create, name="challenge_create"),
    path("challenges/<slug:slug>/", views.challenge_detail, name="challenge_detail"),
    path("challenges/<slug:slug>/edit/", views.challenge_edit, name="challenge_edit"),
    path("challenges/<slug:slug>/publish/", views.challenge_publish, name="challenge_publish"),
    path("challenges/<slug:slug>/close/", views.challenge_close, name="challenge_close"),
    path("challenges/<slug:slug>/people/", views.challenge_people, name="challenge_people"),
    path("challenges/<slug:slug>/people/curators/", views.curator_add, name="challenge_curator_add"),
    path(
        "challenges/<slug:slug>/people/curators/<int:user_id>/remove/",
        views.curator_remove,
        name="challenge_curator_remove",
    ),
    path(
        "challenges/<slug:slug>/people/evaluators/",
        views.evaluator_appoint,
        name="challenge_evaluator_appoint",
    ),
    path(
        "challenges/<slug:slug>/people/evaluators/<int:user_id>/remove/",
        views.evaluator_remove,
        name="challenge_evaluator_remove",
    ),
]

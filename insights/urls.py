from django.urls import path

from insights import answers, views

urlpatterns = [
    path("insights/", views.dashboard, name="insights_dashboard"),
    path("insights/data/<slug:section>.csv", views.section_csv, name="insights_section_csv"),
    path("insights/data-use/", views.data_use, name="insights_data_use"),
    path("insights/answers/", answers.city_answers, name="insights_city_answers"),
    path("insights/open-data/", views.open_data, name="insights_open_data"),
    path(
        "insights/open-data/<slug:dataset>.<str:format>",
        views.open_data_download,
        name="insights_open_data_download",
    ),
    path("insights/challenges/<slug:slug>/", views.challenge_report, name="insights_challenge_report"),
    path(
        "insights/challenges/<slug:slug>/proposals.<str:format>",
        views.challenge_proposals_export,
        name="insights_challenge_proposals_export",
    ),
    path(
        "insights/challenges/<slug:slug>/scores.<str:format>",
        views.challenge_scores_export,
        name="insights_challenge_scores_export",
    ),
]

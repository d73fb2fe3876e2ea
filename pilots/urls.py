from django.urls import path

from pilots import views

urlpatterns = [
    path("challenges/<slug:slug>/propose/", views.pilot_create, name="pilot_create"),
    path("challenges/<slug:slug>/proposals/", views.ranking, name="pilot_ranking"),
    path("pilots/", views.pilot_catalogue, name="pilot_list"),
    path("pilots/<int:pk>/", views.pilot_detail, name="pilot_detail"),
    path("pilots/<int:pk>/edit/", views.pilot_edit, name="pilot_edit"),
    path("pilots/<int:pk>/submit/", views.pilot_submit, name="pilot_submit"),
    path("pilots/<int:pk>/team/", views.team_add, name="pilot_team_add"),
    path("pilots/<int:pk>/team/<int:member_pk>/remove/", views.team_remove, name="pilot_team_remove"),
    path("pilots/<int:pk>/kpis/", views.kpi_add, name="pilot_kpi_add"),
    path("pilots/<int:pk>/kpis/<int:kpi_pk>/edit/", views.kpi_edit, name="pilot_kpi_edit"),
    path("pilots/<int:pk>/kpis/<int:kpi_pk>/remove/", views.kpi_remove, name="pilot_kpi_remove"),
    path("pilots/<int:pk>/attachments/", views.attachment_add, name="pilot_attachment_add"),
    path(
        "pilots/<int:pk>/attachments/<int:attachment_pk>/",
        views.attachment_download,
        name="pilot_attachment",
    ),
    path(
        "pilots/<int:pk>/attachments/<int:attachment_pk>/remove/",
        views.attachment_remove,
        name="pilot_attachment_remove",
    ),
    path("pilots/<int:pk>/review/", views.review, name="pilot_review"),
    path("pilots/<int:pk>/review/conflict/", views.review_conflict, name="pilot_review_conflict"),
    path("pilots/<int:pk>/decide/", views.decide, name="pilot_decide"),
    path("pilots/<int:pk>/start/", views.pilot_start, name="pilot_start"),
    path("pilots/<int:pk>/discontinue/", views.pilot_discontinue, name="pilot_discontinue"),
    path("pilots/<int:pk>/data-statement/", views.data_statement, name="pilot_data_statement"),
    path("pilots/<int:pk>/updates/new/", views.progress_update_create, name="pilot_update_create"),
    path("pilots/<int:pk>/results/", views.pilot_results, name="pilot_results"),
    path("pilots/<int:pk>/participate/", views.participate, name="pilot_participate"),
    path("pilots/<int:pk>/withdraw/", views.withdraw, name="pilot_withdraw"),
]

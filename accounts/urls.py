from django.urls import path

from accounts import views

urlpatterns = [
    path("accounts/profile/", views.profile, name="profile"),
    path("organizations/", views.organization_list, name="organization_list"),
    path("organizations/new/", views.organization_create, name="organization_create"),
    path(
        "organizations/invitations/<str:token>/",
        views.invitation_accept,
        name="invitation_accept",
    ),
    path("organizations/<slug:slug>/", views.organization_detail, name="organization_detail"),
    path("organizations/<slug:slug>/edit/", views.organization_edit, name="organization_edit"),
    path("organizations/<slug:slug>/verify/", views.organization_verify, name="organization_verify"),
    path("organizations/<slug:slug>/invite/", views.organization_invite, name="organization_invite"),
    path(
        "organizations/<slug:slug>/invitations/<int:pk>/withdraw/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("organizations/<slug:slug>/leave/", views.organization_leave, name="organization_leave"),
    path(
        "organizations/<slug:slug>/members/<int:pk>/remove/",
        views.membership_remove,
        name="membership_remove",
    ),
    path(
        "organizations/<slug:slug>/members/<int:pk>/role/",
        views.membership_role,
        name="membership_role",
    ),
]
